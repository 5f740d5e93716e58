using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.FollowUps;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Patients;

/// <summary>
/// Edits a patient's details. The previous details are kept as a revision with who, when and why; a stale form
/// (someone saved in between) is refused as a conflict. A Coordinator may change contact details and consent only.
/// </summary>
public static class EditPatient
{
    public sealed record Query(int Id) : IAudited<Result<Command>>
    {
        public string AuditAction => "ViewPatientEditForm";
    }

    public sealed class Command : PatientForm, ICommand<Result>, IShowsPatients
    {
        IEnumerable<int> IShowsPatients.PatientIdsShown => [Id];
        public int Id { get; set; }
        /// <summary>The row version the form was loaded from (PostgreSQL xmin).</summary>
        public uint Version { get; set; }
        public string? Reason { get; set; }
        public string PatientLabel { get; set; } = "";
        public bool ContactOnly { get; set; }
        public string AuditAction => "EditPatient";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            Include(new PatientFormValidator(clock));
            RuleFor(c => c.Reason).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Reason for the change is required: it is kept with the previous version.")
                .Must(r => r!.Trim().Length >= 3).WithMessage("Reason for the change must be at least 3 characters.")
                .MaximumLength(500).WithMessage("Reason for the change must be at most 500 characters.");
        }
    }

    internal sealed class QueryHandler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Command>>
    {
        public async Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken)
        {
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var patient = await db.Patients.AsNoTracking()
                .SingleOrDefaultAsync(p => p.Id == query.Id && clinics.Contains(p.ClinicId), cancellationToken);
            if (patient is null)
            {
                return Fail.NotFound();
            }
            var form = new Command
            {
                Id = patient.Id,
                Version = patient.Version,
                PatientLabel = $"{patient.DisplayName} (MRN {patient.Mrn})",
                ContactOnly = !scope.Can(Capability.EditPatients),
            };
            form.Fill(patient.Details);
            return Result.Ok(form);
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, FollowUpPlanner followUps, ICurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == command.Id && clinics.Contains(p.ClinicId), cancellationToken);
            if (patient is null)
            {
                return Result.NotFound();
            }

            var before = patient.Details;
            var after = command.ToDetails();
            if (!scope.Can(Capability.EditPatients))
            {
                if (!scope.Can(Capability.EditContactAndConsent))
                {
                    return Result.Forbidden();
                }
                if (ClinicalFieldsChanged(before, after) is { Count: > 0 } refused)
                {
                    return Result.Invalid(refused);
                }
            }
            if (after == before)
            {
                return Result.Invalid("", "Nothing was changed.");
            }
            if (!string.Equals(before.Mrn, after.Mrn, StringComparison.Ordinal)
                && await db.Patients.AnyAsync(p => p.ClinicId == patient.ClinicId && p.Mrn == after.Mrn && p.Id != patient.Id, cancellationToken))
            {
                return Result.Invalid(nameof(Command.Mrn), $"MRN {after.Mrn} is already registered in this clinic.");
            }

            // The version the form was loaded from: if the row moved on since, SaveChanges throws a concurrency
            // exception, which the pipeline turns into a Conflict result.
            db.Entry(patient).Property(p => p.Version).OriginalValue = command.Version;
            var number = await db.PatientRevisions.CountAsync(r => r.PatientId == patient.Id, cancellationToken) + 1;
            db.PatientRevisions.Add(new PatientRevision(patient.Id, number, JsonSerializer.Serialize(before),
                command.Reason!.Trim(), user.UserId, user.UserName, clock.GetUtcNow()));
            patient.Apply(after, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            if (after.DiedOn is not null && before.DiedOn is null)
            {
                await followUps.CancelForPatientAsync(patient.Id, FollowUpPlanner.ReasonDied, cancellationToken);
            }
            else if (before.ReminderConsent && !after.ReminderConsent)
            {
                await followUps.CancelForPatientAsync(patient.Id, FollowUpPlanner.ReasonConsentWithdrawn, cancellationToken);
            }
            return Result.Ok(patient.Id.ToString());
        }

        /// <summary>
        /// The fields a Coordinator may not change (roles.md: contact details and consent only), each with its message:
        /// identity, and the date of death, which cancels every follow-up.
        /// </summary>
        private static List<FieldError> ClinicalFieldsChanged(PatientDetails a, PatientDetails b)
        {
            var refused = new List<FieldError>();
            void Check(bool changed, string field, string label)
            {
                if (changed)
                {
                    refused.Add(new FieldError(field, $"{label} cannot be changed by your role: a Coordinator changes contact details and consent only."));
                }
            }
            Check(a.Mrn != b.Mrn, nameof(Command.Mrn), "MRN");
            Check(a.FamilyName != b.FamilyName, nameof(Command.FamilyName), "Family name");
            Check(a.GivenName != b.GivenName, nameof(Command.GivenName), "Given name");
            Check(a.DateOfBirth != b.DateOfBirth, nameof(Command.DateOfBirth), "Date of birth");
            Check(a.Sex != b.Sex, nameof(Command.Sex), "Sex");
            Check(a.DiedOn != b.DiedOn, nameof(Command.DiedOn), "Date of death");
            return refused;
        }
    }
}
