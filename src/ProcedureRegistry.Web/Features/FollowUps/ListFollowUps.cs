using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Patients;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>
/// The coordinators' worklist: the follow-ups of one tab (due today, overdue, missed, answered, upcoming, failed reminders), filtered
/// by clinic, operator and procedure kind, 50 a page, by due date (missed and answered newest first). It shows
/// patients' names, so every view is audited. Backed by ix_follow_ups_clinic_id_status_due_at.
/// </summary>
public static class ListFollowUps
{
    public const int PageSize = 50;
    /// <summary>
    /// Tabs count up to this many and then say "1,000+": counting a large clinic's whole history of answers costs
    /// more than it tells. Pages go on past it as long as there are rows.
    /// </summary>
    public const int CountCap = 1_000;

    public sealed record Query(WorklistBucket Bucket = WorklistBucket.DueToday, int? ClinicId = null, string? Operator = null,
        ProcedureKind? Kind = null, int Page = 1) : IAudited<Result<Model>>
    {
        public string AuditAction => "ViewFollowUpWorklist";
    }

    public sealed record Model(Query Query, IReadOnlyDictionary<WorklistBucket, int> Counts, IReadOnlyList<FollowUpRow> Rows,
        IReadOnlyList<ListMyClinics.Item> Clinics, DateTimeOffset Now) : IShowsPatients
    {
        IEnumerable<int> IShowsPatients.PatientIdsShown => Rows.Select(r => r.PatientId);
        public int TotalCount => Counts[Query.Bucket];
        public bool Capped => TotalCount > CountCap;
        public int PageCount => Math.Max(1, (Math.Min(TotalCount, CountCap) + PageSize - 1) / PageSize);
        public bool HasNext => Query.Page < PageCount || (Capped && Rows.Count == PageSize);
        public string PageText => Capped ? $"page {Query.Page}" : $"page {Query.Page} of {PageCount}";

        public static string CountText(int count) => count > CountCap ? $"more than {CountCap:N0}" : count.ToString("N0");
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, TimeProvider clock) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.WorkFollowUps))
            {
                return Fail.Forbidden();
            }
            var mine = await scope.ClinicIdsAsync(cancellationToken);
            if (query.ClinicId is { } chosen && !mine.Contains(chosen))
            {
                return Fail.NotFound();
            }
            IReadOnlyList<int> clinicIds = query.ClinicId is { } one ? [one] : mine;
            var now = clock.GetUtcNow();
            var days = await FollowUpRows.TodayAsync(db, clinicIds, now, cancellationToken);

            var followUps = db.FollowUps.AsNoTracking().InClinics(clinicIds);
            var operatorName = query.Operator?.Trim();
            if (!string.IsNullOrEmpty(operatorName) || query.Kind is not null)
            {
                var procedures = db.Procedures.AsQueryable();
                if (!string.IsNullOrEmpty(operatorName))
                {
                    var pattern = SqlLike.Contains(operatorName);
                    procedures = procedures.Where(p => EF.Functions.ILike(p.OperatorName, pattern, SqlLike.Escape));
                }
                if (query.Kind is { } kind)
                {
                    procedures = procedures.Where(p => p.Kind == kind);
                }
                followUps = followUps.Where(f => procedures.Any(p => p.Id == f.ProcedureId));
            }

            var counts = new Dictionary<WorklistBucket, int>();
            foreach (var bucket in Enum.GetValues<WorklistBucket>())
            {
                counts[bucket] = bucket == WorklistBucket.Missed
                    // Two index-friendly halves rather than one OR: marked missed, and closed but not yet marked.
                    ? Math.Min(CountCap + 1,
                        await CappedCountAsync(followUps.Where(f => f.Status == FollowUpStatus.Missed), cancellationToken)
                        + await CappedCountAsync(followUps.Where(f => f.Status == FollowUpStatus.Scheduled && f.ClosesAt <= now), cancellationToken))
                    : await CappedCountAsync(followUps.InTab(bucket, days, now, db), cancellationToken);
            }

            var page = counts[query.Bucket] > CountCap
                ? Math.Max(1, query.Page)
                : Math.Clamp(query.Page, 1, Math.Max(1, (counts[query.Bucket] + PageSize - 1) / PageSize));
            var inBucket = followUps.InTab(query.Bucket, days, now, db);
            var ordered = query.Bucket is WorklistBucket.Missed or WorklistBucket.Answered
                ? inBucket.OrderByDescending(f => f.DueAt).ThenByDescending(f => f.Id)
                : inBucket.OrderBy(f => f.DueAt).ThenBy(f => f.Id);
            // The page is cut on the follow-ups alone (the index's order), then joined; the join does not keep the order.
            var rows = await ordered.Skip((page - 1) * PageSize).Take(PageSize).Rows(db).ToListAsync(cancellationToken);
            rows = query.Bucket is WorklistBucket.Missed or WorklistBucket.Answered
                ? [.. rows.OrderByDescending(r => r.DueAt).ThenByDescending(r => r.Id)]
                : [.. rows.OrderBy(r => r.DueAt).ThenBy(r => r.Id)];
            var complete = await FollowUpRows.CompleteAsync(db, rows, cancellationToken);

            var clinics = await db.Clinics.AsNoTracking().Where(c => mine.Contains(c.Id)).OrderBy(c => c.Name)
                .Select(c => new ListMyClinics.Item(c.Id, c.Code, c.Name)).ToListAsync(cancellationToken);
            return Result.Ok(new Model(query with { Page = page }, counts, complete, clinics, now));
        }

        // Ordered, so that the count walks the (clinic, status, due) index and stops at the cap.
        private static Task<int> CappedCountAsync(IQueryable<FollowUp> followUps, CancellationToken cancellationToken) =>
            followUps.OrderBy(f => f.DueAt).Take(CountCap + 1).CountAsync(cancellationToken);
    }
}
