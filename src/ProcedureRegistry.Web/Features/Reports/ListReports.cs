using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>The reports the user may see (those whose clinics are all theirs), newest first, a page at a time.</summary>
public static class ListReports
{
    public const int PageSize = 20;

    public sealed record Query(int Page = 1) : IQuery<Result<Model>>;

    public sealed record Item(long Id, string RequestedBy, DateTimeOffset RequestedAt, IReadOnlyList<NameValue> Filters,
        ReportStatus Status, int ProgressPercent, string? Step, DateTimeOffset? FinishedAt);

    public sealed record Model(IReadOnlyList<Item> Items, int Page, int Pages, int Total);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.GenerateReports))
            {
                return Fail.Forbidden();
            }
            var mine = (await scope.ClinicIdsAsync(cancellationToken)).ToArray();
            var visible = db.Reports.AsNoTracking().Where(r => r.ClinicIds.All(id => mine.Contains(id)));
            var total = await visible.CountAsync(cancellationToken);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(query.Page, 1, pages);
            var rows = await visible.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .Select(r => new { r.Id, r.RequestedByName, r.RequestedAt, r.Filters, r.Status, r.ProgressPercent, r.Step, r.FinishedAt })
                .ToListAsync(cancellationToken);
            var codes = await db.Clinics.AsNoTracking().Where(c => mine.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
            return Result.Ok(new Model(
                [.. rows.Select(r => new Item(r.Id, r.RequestedByName, r.RequestedAt, Describe(r.Filters, codes), r.Status, r.ProgressPercent, r.Step, r.FinishedAt))],
                page, pages, total));
        }
    }

    internal static IReadOnlyList<NameValue> Describe(string json, IReadOnlyDictionary<int, string> codes) =>
        [.. JsonSerializer.Deserialize<ReportFilters>(json, OutcomeReport.JsonOptions)!.Describe(codes).Select(d => new NameValue(d.Name, d.Value))];
}
