using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>
/// Keeps a procedure's follow-ups in step with it: logging plans them from the protocol, a corrected date moves
/// the ones still waiting, voiding cancels them; a withdrawn consent or a recorded death cancels the patient's.
/// Runs inside the caller's transaction; the caller saves.
/// </summary>
public sealed class FollowUpPlanner(RegistryDbContext db)
{
    public const string ReasonVoided = "Procedure voided";
    public const string ReasonConsentWithdrawn = "Consent withdrawn";
    public const string ReasonDied = "Patient died";

    /// <summary>Adds the follow-ups of a procedure being logged (call after adding it to the context).</summary>
    public async Task PlanAsync(Procedure procedure, CancellationToken cancellationToken)
    {
        var points = await db.FollowUpProtocolPoints.AsNoTracking()
            .Where(p => p.Kind == procedure.Kind && p.Active)
            .ToListAsync(cancellationToken);
        foreach (var point in points)
        {
            db.FollowUps.Add(new FollowUp(procedure, point));
        }
    }

    /// <summary>Moves the waiting follow-ups of a procedure whose date was corrected, and their unsent reminders.</summary>
    public async Task MoveAsync(int procedureId, DateTimeOffset performedAt, CancellationToken cancellationToken)
    {
        var waiting = await db.FollowUps.Where(f => f.ProcedureId == procedureId && f.Status == FollowUpStatus.Scheduled)
            .ToListAsync(cancellationToken);
        foreach (var followUp in waiting)
        {
            followUp.Reschedule(performedAt);
        }
        await db.SaveChangesAsync(cancellationToken);
        // A reminder not yet sent waits for its follow-up's new opening; the dispatcher checks the window again.
        foreach (var followUp in waiting)
        {
            await db.ReminderMessages
                .Where(r => r.FollowUpId == followUp.Id && r.Status == ReminderStatus.Pending && r.SendAfter < followUp.OpensAt)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.SendAfter, followUp.OpensAt), cancellationToken);
        }
    }

    public Task<int> CancelForProcedureAsync(int procedureId, string reason, CancellationToken cancellationToken) =>
        CancelAsync(db.FollowUps.Where(f => f.ProcedureId == procedureId), reason, cancellationToken);

    public Task<int> CancelForPatientAsync(int patientId, string reason, CancellationToken cancellationToken) =>
        CancelAsync(db.FollowUps.Where(f => f.PatientId == patientId), reason, cancellationToken);

    private async Task<int> CancelAsync(IQueryable<FollowUp> followUps, string reason, CancellationToken cancellationToken)
    {
        var waiting = followUps.Where(f => f.Status == FollowUpStatus.Scheduled);
        await SkipPendingRemindersAsync(waiting.Select(f => f.Id), reason, cancellationToken);
        return await waiting.ExecuteUpdateAsync(s => s
            .SetProperty(f => f.Status, FollowUpStatus.Cancelled)
            .SetProperty(f => f.CancelReason, reason), cancellationToken);
    }

    /// <summary>Reminders not yet sent of follow-ups that no longer wait for an answer: skipped, with the reason.</summary>
    public Task<int> SkipPendingRemindersAsync(IQueryable<long> followUpIds, string reason, CancellationToken cancellationToken) =>
        db.ReminderMessages
            .Where(r => r.Status == ReminderStatus.Pending && followUpIds.Contains(r.FollowUpId))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ReminderStatus.Skipped)
                .SetProperty(r => r.SkipReason, reason), cancellationToken);

    public Task<int> SkipPendingRemindersAsync(long followUpId, string reason, CancellationToken cancellationToken) =>
        SkipPendingRemindersAsync(db.FollowUps.Where(f => f.Id == followUpId).Select(f => f.Id), reason, cancellationToken);
}
