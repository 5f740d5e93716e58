using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>One follow-up for a coordinator: its patient, procedure, window, answer and every reminder, and what can be done now.</summary>
public static class GetFollowUp
{
    public sealed record Query(long Id) : IAudited<Result<Model>>
    {
        public string AuditAction => "ViewFollowUp";
    }

    public sealed record Reminder(int Attempt, ReminderStatus Status, ReminderChannel? Channel, DateTimeOffset SendAfter, DateTimeOffset? SentAt,
        int Tries, string? LastError, string? SkipReason, string? RequestedByName);

    public sealed record Model(FollowUpRow FollowUp, string? AnsweredByName, string Contact, IReadOnlyList<Reminder> Reminders,
        WorklistBucket? Bucket, bool CanAnswer, string? ResendRefusal, bool CanCancel) : IShowsPatients
    {
        IEnumerable<int> IShowsPatients.PatientIdsShown => [FollowUp.PatientId];
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, TimeProvider clock) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.WorkFollowUps))
            {
                return Fail.Forbidden();
            }
            var model = await ReadAsync(db, scope, query.Id, clock.GetUtcNow(), cancellationToken);
            return model is null ? Fail.NotFound() : Result.Ok(model, model.FollowUp.Id.ToString());
        }
    }

    /// <summary>The follow-up's page, or null when it is not one of the user's clinics'. The commands on it show it again when refused.</summary>
    internal static async Task<Model?> ReadAsync(RegistryDbContext db, ClinicScope scope, long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var clinics = await scope.ClinicIdsAsync(cancellationToken);
        var row = await db.FollowUps.AsNoTracking().Where(f => f.Id == id && clinics.Contains(f.ClinicId)).Rows(db)
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        row = (await FollowUpRows.CompleteAsync(db, [row], cancellationToken))[0];
        var answeredBy = await db.FollowUps.Where(f => f.Id == row.Id).Select(f => f.AnsweredByName).SingleAsync(cancellationToken);
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == row.PatientId)
            .Select(p => new { p.ReminderConsent, p.PreferredChannel, p.Email, p.Phone, p.DiedOn, p.TimeZone }).SingleAsync(cancellationToken);
        var reminders = await db.ReminderMessages.AsNoTracking().Where(r => r.FollowUpId == row.Id).OrderBy(r => r.Attempt)
            .Select(r => new Reminder(r.Attempt, r.Status, r.Channel, r.SendAfter, r.SentAt, r.Tries, r.LastError, r.SkipReason, r.RequestedByName))
            .ToListAsync(cancellationToken);

        var contact = !patient.ReminderConsent || patient.PreferredChannel == ReminderChannel.None
            ? "no consent to reminders"
            : $"by {(patient.PreferredChannel == ReminderChannel.Sms ? "SMS" : "email")}: {(patient.PreferredChannel == ReminderChannel.Sms ? patient.Phone : patient.Email) ?? "(missing)"}";
        var refusal = ResendReminder.Refusal(
            new ReminderCandidate(row.Status, row.OpensAt, row.ClosesAt, patient.ReminderConsent, patient.PreferredChannel,
                patient.Email, patient.Phone, patient.DiedOn, patient.TimeZone),
            reminders.Any(r => r.Status == ReminderStatus.Pending && (r.SendAfter <= now || r.RequestedByName is not null)), now);
        return new Model(row, answeredBy, contact, reminders, row.BucketAt(now),
            CanAnswer: row.Status is FollowUpStatus.Scheduled or FollowUpStatus.Missed && row.OpensAt <= now,
            ResendRefusal: refusal,
            CanCancel: row.Status == FollowUpStatus.Scheduled);
    }
}
