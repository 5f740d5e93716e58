using System.Globalization;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Patients;

/// <summary>
/// Finds patients of the user's clinics by MRN, family or given name (prefix, case- and accent-insensitive) or by
/// date of birth (yyyy-MM-dd or dd/MM/yyyy). Every word of the query must match; 25 a page.
/// </summary>
public static class SearchPatients
{
    public const int PageSize = 25;

    public sealed record Query(string? Q, int Page = 1) : IAudited<Result<Model>>
    {
        public string AuditAction => "SearchPatients";
    }

    public sealed record Item(int Id, string Mrn, string Name, DateOnly DateOfBirth, Sex Sex, string Clinic);

    public sealed record Model(string? Q, int Page, int TotalCount, IReadOnlyList<Item> Items) : IShowsPatients
    {
        IEnumerable<int> IShowsPatients.PatientIdsShown => Items.Select(i => i.Id);
        public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy"];

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ViewPatients))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var patients = db.Patients.AsNoTracking().Where(p => clinics.Contains(p.ClinicId));

            foreach (var word in (query.Q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (DateOnly.TryParseExact(word, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dob))
                {
                    patients = patients.Where(p => p.DateOfBirth == dob);
                    continue;
                }
                var prefix = SearchKey.Normalize(word).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
                patients = patients.Where(p =>
                    EF.Functions.Like(p.MrnKey, prefix, SqlLike.Escape)
                    || EF.Functions.Like(p.FamilyNameKey, prefix, SqlLike.Escape)
                    || EF.Functions.Like(p.GivenNameKey, prefix, SqlLike.Escape));
            }

            var page = Math.Max(1, query.Page);
            var total = await patients.CountAsync(cancellationToken);
            var items = await patients
                .OrderBy(p => p.FamilyNameKey).ThenBy(p => p.GivenNameKey).ThenBy(p => p.Id)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .Select(p => new Item(p.Id, p.Mrn, p.FamilyName.ToUpper() + ", " + p.GivenName, p.DateOfBirth, p.Sex,
                    db.Clinics.Where(c => c.Id == p.ClinicId).Select(c => c.Code).First()))
                .ToListAsync(cancellationToken);
            return Result.Ok(new Model(query.Q, page, total, items));
        }
    }
}
