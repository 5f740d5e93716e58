using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>
/// The worklist's tabs. A follow-up is in exactly one of the first five (cancelled ones in none); Failed reminders is
/// a view across them, of the follow-ups still waiting whose latest reminder failed.
/// </summary>
public enum WorklistBucket
{
    /// <summary>Waiting for an answer, due today in the clinic's time zone, window not closed.</summary>
    DueToday,
    /// <summary>Waiting for an answer, due before today, window still open.</summary>
    Overdue,
    /// <summary>Marked missed, or its window has closed without an answer (the scheduler marks it soon).</summary>
    Missed,
    Answered,
    /// <summary>Waiting, due after today.</summary>
    Upcoming,
    /// <summary>Waiting, window open, and the latest reminder failed (refused for good, or out of tries).</summary>
    FailedReminders,
}

/// <summary>"Today" at a group of clinics that share a time zone: its first instant and the next day's, in UTC.</summary>
public sealed record ClinicDay(IReadOnlyList<int> ClinicIds, DateOnly Date, DateTimeOffset Start, DateTimeOffset End);

/// <summary>The last reminder of a follow-up and how many were sent, as the worklist shows it.</summary>
public sealed record ReminderSummary(int SentCount, int Attempts, ReminderStatus? LastStatus, string? LastDetail, DateTimeOffset? LastAt)
{
    public static readonly ReminderSummary None = new(0, 0, null, null, null);

    public string Text => LastStatus switch
    {
        null => "none yet",
        ReminderStatus.Sent => "sent",
        ReminderStatus.Pending => "pending",
        ReminderStatus.Failed => "failed",
        _ => "skipped",
    };
}

/// <summary>One follow-up with what a coordinator needs to act on it.</summary>
public sealed record FollowUpRow(
    long Id,
    int ClinicId,
    string ClinicTimeZone,
    int PatientId,
    string PatientName,
    string Mrn,
    int ProcedureId,
    ProcedureKind Kind,
    DateTimeOffset PerformedAt,
    string OperatorName,
    string Label,
    DateTimeOffset OpensAt,
    DateTimeOffset DueAt,
    DateTimeOffset ClosesAt,
    FollowUpStatus Status,
    string? CancelReason,
    DateTimeOffset? AnsweredAt,
    AnswerSource? AnsweredVia,
    int? Pain,
    int? ReliefPercent,
    int? Pgic,
    bool? OtherTreatment,
    uint Version)
{
    public string Segments { get; init; } = "";
    public ReminderSummary Reminder { get; init; } = ReminderSummary.None;

    public string PatientLabel => $"{PatientName} (MRN {Mrn})";
    public string KindText => EnumOptions.Words(Kind.ToString());

    /// <summary>A date in the clinic's time zone, as the worklist prints it.</summary>
    public string Day(DateTimeOffset at) => FollowUpRows.LocalDate(at, ClinicTimeZone).ToString("yyyy-MM-dd");

    public string Window => $"{Day(OpensAt)} – {Day(ClosesAt)}";

    public string? AnswerText => Pain is { } pain
        ? $"pain {pain}/10, relief {ReliefPercent}%, PGIC {Pgic} ({PgicText(Pgic!.Value)}), other treatment {(OtherTreatment == true ? "yes" : "no")}"
        : null;

    public static string PgicText(int value) => FollowUpAnswer.PgicScale.FirstOrDefault(s => s.Value == value).Text ?? "";

    /// <summary>The bucket this follow-up is in at <paramref name="now"/> (null when cancelled).</summary>
    public WorklistBucket? BucketAt(DateTimeOffset now)
    {
        if (Status == FollowUpStatus.Cancelled)
        {
            return null;
        }
        if (Status == FollowUpStatus.Answered)
        {
            return WorklistBucket.Answered;
        }
        if (Status == FollowUpStatus.Missed || ClosesAt <= now)
        {
            return WorklistBucket.Missed;
        }
        var today = FollowUpRows.LocalDate(now, ClinicTimeZone);
        var due = FollowUpRows.LocalDate(DueAt, ClinicTimeZone);
        return due < today ? WorklistBucket.Overdue : due == today ? WorklistBucket.DueToday : WorklistBucket.Upcoming;
    }
}

/// <summary>
/// The follow-up queries the worklist, the follow-up page, the procedure and patient pages and the dashboard share:
/// the bucket rules (in each clinic's time zone), the row projection and the reminder summaries.
/// </summary>
public static class FollowUpRows
{
    public static DateOnly LocalDate(DateTimeOffset at, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone(timeZone)).DateTime);

    public static TimeZoneInfo Zone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>Today in each of <paramref name="clinicIds"/>, grouped by time zone.</summary>
    public static async Task<IReadOnlyList<ClinicDay>> TodayAsync(RegistryDbContext db, IReadOnlyList<int> clinicIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zones = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id)).Select(c => new { c.Id, c.TimeZone }).ToListAsync(cancellationToken);
        return [.. zones.GroupBy(c => c.TimeZone).Select(g =>
        {
            var zone = Zone(g.Key);
            var date = LocalDate(now, g.Key);
            return new ClinicDay([.. g.Select(c => c.Id)], date, StartOf(date, zone), StartOf(date.AddDays(1), zone));
        })];
    }

    private static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30); // a daylight-saving gap at midnight
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// The follow-ups of the given clinics. One clinic is an equality, so that PostgreSQL walks the
    /// (clinic, status, due) index in due order and stops at the page or the count's cap (it cannot with = ANY).
    /// </summary>
    public static IQueryable<FollowUp> InClinics(this IQueryable<FollowUp> followUps, IReadOnlyList<int> clinicIds)
    {
        if (clinicIds.Count == 1)
        {
            var only = clinicIds[0];
            return followUps.Where(f => f.ClinicId == only);
        }
        return followUps.Where(f => clinicIds.Contains(f.ClinicId));
    }

    /// <summary>
    /// The follow-ups of <paramref name="bucket"/> at <paramref name="now"/>. <paramref name="followUps"/> must already be
    /// limited to the clinics of <paramref name="days"/>.
    /// </summary>
    public static IQueryable<FollowUp> InBucket(this IQueryable<FollowUp> followUps, WorklistBucket bucket, IReadOnlyList<ClinicDay> days, DateTimeOffset now) =>
        bucket switch
        {
            WorklistBucket.Answered => followUps.Where(f => f.Status == FollowUpStatus.Answered),
            WorklistBucket.Missed => followUps.Where(f => f.Status == FollowUpStatus.Missed || (f.Status == FollowUpStatus.Scheduled && f.ClosesAt <= now)),
            WorklistBucket.DueToday => followUps.Where(f => f.Status == FollowUpStatus.Scheduled && f.ClosesAt > now)
                .PerClinic(days, d => f => f.DueAt >= d.Start && f.DueAt < d.End),
            WorklistBucket.Overdue => followUps.Where(f => f.Status == FollowUpStatus.Scheduled && f.ClosesAt > now)
                .PerClinic(days, d => f => f.DueAt < d.Start),
            // Due after today, so the window closes after now too (it closes on or after the due date): no test on
            // closes_at, which would tempt the planner onto the scheduler's closes_at index.
            WorklistBucket.Upcoming => followUps.Where(f => f.Status == FollowUpStatus.Scheduled)
                .PerClinic(days, d => f => f.DueAt >= d.End),
            _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Failed reminders are read with WithFailedReminder."),
        };

    /// <summary>The follow-ups still waiting, window open, whose latest reminder (highest attempt) failed.</summary>
    public static IQueryable<FollowUp> WithFailedReminder(this IQueryable<FollowUp> followUps, RegistryDbContext db, DateTimeOffset now) =>
        followUps.Where(f => f.Status == FollowUpStatus.Scheduled && f.ClosesAt > now
            && db.ReminderMessages.Where(r => r.FollowUpId == f.Id).OrderByDescending(r => r.Attempt)
                .Select(r => (ReminderStatus?)r.Status).FirstOrDefault() == ReminderStatus.Failed);

    /// <summary>A tab's follow-ups: <see cref="InBucket"/>, or <see cref="WithFailedReminder"/> for that tab.</summary>
    public static IQueryable<FollowUp> InTab(this IQueryable<FollowUp> followUps, WorklistBucket bucket, IReadOnlyList<ClinicDay> days,
        DateTimeOffset now, RegistryDbContext db) =>
        bucket == WorklistBucket.FailedReminders ? followUps.WithFailedReminder(db, now) : followUps.InBucket(bucket, days, now);

    /// <summary>
    /// Applies one condition per time-zone group (clinics in different zones start their day at different instants),
    /// ORed; with a single group the condition alone, since the query already holds only its clinics.
    /// </summary>
    private static IQueryable<FollowUp> PerClinic(this IQueryable<FollowUp> followUps, IReadOnlyList<ClinicDay> days,
        Func<ClinicDay, Expression<Func<FollowUp, bool>>> condition)
    {
        if (days.Count == 1)
        {
            return followUps.Where(condition(days[0]));
        }
        var f = Expression.Parameter(typeof(FollowUp), "f");
        Expression body = Expression.Constant(false);
        foreach (var day in days)
        {
            var ids = day.ClinicIds;
            Expression<Func<FollowUp, bool>> inGroup = x => ids.Contains(x.ClinicId);
            var part = condition(day);
            var both = Expression.AndAlso(new Rebind(inGroup.Parameters[0], f).Visit(inGroup.Body), new Rebind(part.Parameters[0], f).Visit(part.Body));
            body = body is ConstantExpression ? both : Expression.OrElse(body, both);
        }
        return followUps.Where(Expression.Lambda<Func<FollowUp, bool>>(body, f));
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>Joins the procedure, patient and clinic a row shows; filters on the procedure go after this.</summary>
    public static IQueryable<FollowUpRow> Rows(this IQueryable<FollowUp> followUps, RegistryDbContext db) =>
        from f in followUps
        join p in db.Procedures on f.ProcedureId equals p.Id
        join pt in db.Patients on f.PatientId equals pt.Id
        join c in db.Clinics on f.ClinicId equals c.Id
        select new FollowUpRow(f.Id, f.ClinicId, c.TimeZone, pt.Id, pt.FamilyName.ToUpper() + ", " + pt.GivenName, pt.Mrn,
            p.Id, p.Kind, p.PerformedAt, p.OperatorName, f.Label, f.OpensAt, f.DueAt, f.ClosesAt, f.Status, f.CancelReason,
            f.AnsweredAt, f.AnsweredVia, f.Pain, f.ReliefPercent, f.Pgic, f.OtherTreatment, f.Version);

    /// <summary>Adds each row's procedure segments and reminder summary (two queries for the whole page).</summary>
    public static async Task<IReadOnlyList<FollowUpRow>> CompleteAsync(RegistryDbContext db, IReadOnlyList<FollowUpRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return rows;
        }
        var procedureIds = rows.Select(r => r.ProcedureId).Distinct().ToList();
        var targets = (await db.Procedures.AsNoTracking().Where(p => procedureIds.Contains(p.Id))
                .Select(p => new { p.Id, Targets = p.Targets.Select(t => new { t.Segment, t.Side }).ToList() })
                .ToListAsync(cancellationToken))
            .ToDictionary(p => p.Id, p => string.Join(", ", p.Targets
                .OrderBy(t => SpinalSegment.TryParse(t.Segment, out var s) ? s.Order : int.MaxValue).ThenBy(t => t.Side)
                .Select(t => $"{t.Segment} {ClinicalText.Describe(t.Side)}")));

        var ids = rows.Select(r => r.Id).ToList();
        var reminders = (await db.ReminderMessages.AsNoTracking().Where(r => ids.Contains(r.FollowUpId))
                .Select(r => new { r.FollowUpId, r.Attempt, r.Status, r.SkipReason, r.LastError, r.SentAt, r.SendAfter })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.FollowUpId);

        return [.. rows.Select(row =>
        {
            var mine = reminders[row.Id].ToList();
            var last = mine.MaxBy(r => r.Attempt);
            var summary = last is null ? ReminderSummary.None : new ReminderSummary(
                mine.Count(r => r.Status == ReminderStatus.Sent), mine.Count, last.Status,
                last.Status switch
                {
                    ReminderStatus.Skipped => last.SkipReason,
                    ReminderStatus.Failed => last.LastError,
                    ReminderStatus.Pending => last.LastError is null ? null : "retrying: " + last.LastError,
                    _ => null,
                },
                last.Status == ReminderStatus.Sent ? last.SentAt : last.SendAfter);
            return row with { Segments = targets.GetValueOrDefault(row.ProcedureId, ""), Reminder = summary };
        })];
    }
}
