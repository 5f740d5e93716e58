using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Audit;

/// <summary>
/// The audit trail, newest first, filtered by user, action and day. Keyset pagination on the id: the table only
/// grows, so "older than id N" stays fast and stable however many rows it holds.
/// </summary>
public static class ListAuditEntries
{
    public const int PageSize = 50;

    public sealed record Query(string? User, string? Action, DateOnly? From, DateOnly? To, long? Before, int? Patient = null) : IQuery<Result<Model>>;

    public sealed record Model(Query Filter, IReadOnlyList<AuditEntry> Entries, long? OlderThan, bool IsFirstPage);

    internal sealed class Handler(RegistryDbContext db) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            var entries = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.User))
            {
                entries = entries.Where(e => EF.Functions.ILike(e.UserName, SqlLike.Contains(query.User.Trim()), SqlLike.Escape));
            }
            if (!string.IsNullOrWhiteSpace(query.Action))
            {
                entries = entries.Where(e => EF.Functions.ILike(e.Action, SqlLike.Contains(query.Action.Trim()), SqlLike.Escape));
            }
            if (query.From is { } from)
            {
                var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                entries = entries.Where(e => e.OccurredAt >= start);
            }
            if (query.To is { } to)
            {
                var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                entries = entries.Where(e => e.OccurredAt < end);
            }
            if (query.Patient is { } patient)
            {
                // Every read that showed this patient, and every change naming it (ix_audit_entries_patient_ids).
                entries = entries.Where(e => e.PatientIds!.Contains(patient));
            }
            if (query.Before is { } before)
            {
                entries = entries.Where(e => e.Id < before);
            }

            var page = await entries.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
            var hasMore = page.Count > PageSize;
            if (hasMore)
            {
                page.RemoveAt(PageSize);
            }
            return Result.Ok(new Model(query, page, hasMore ? page[^1].Id : null, query.Before is null));
        }
    }
}
