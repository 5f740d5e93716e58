using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.FollowUps;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Procedures;

/// <summary>
/// Corrects a logged procedure through the same form and rules as logging it. The procedure as it was is kept as a
/// correction (who, when, why, every field as JSON); a stale form is refused; a voided procedure cannot be corrected.
/// </summary>
public static class CorrectProcedure
{
    /// <summary>The log form of the procedure's kind, filled with what was logged.</summary>
    public sealed record Query(int Id) : IAudited<Result<ProcedureForm>>
    {
        public string AuditAction => "ViewProcedureCorrectionForm";
    }

    public sealed class Command : ICommand<Result>
    {
        public int Id { get; init; }
        /// <summary>The filled log form of the procedure's kind, with Version and Reason.</summary>
        public required ProcedureForm Form { get; init; }
        public string AuditAction => "CorrectProcedure";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(LogDiagnosticBlock.Validator block, LogSteroidInjection.Validator steroid, LogRfDenervation.Validator rf)
        {
            RuleFor(c => c.Form.Reason).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Reason for the correction is required: it is kept with the previous version.")
                .Must(r => r!.Trim().Length >= 3).WithMessage("Reason for the correction must be at least 3 characters.")
                .MaximumLength(500).WithMessage("Reason for the correction must be at most 500 characters.")
                .OverridePropertyName(nameof(ProcedureForm.Reason));
            // The kind's own rules, with their own field names (not prefixed "Form.").
            RuleFor(c => c).CustomAsync(async (command, context, cancellationToken) =>
            {
                var result = command.Form switch
                {
                    LogDiagnosticBlock.Command b => await block.ValidateAsync(b, cancellationToken),
                    LogSteroidInjection.Command s => await steroid.ValidateAsync(s, cancellationToken),
                    LogRfDenervation.Command r => await rf.ValidateAsync(r, cancellationToken),
                    _ => throw new InvalidOperationException($"No rules for {command.Form.GetType().Name}"),
                };
                foreach (var error in result.Errors)
                {
                    context.AddFailure(error.PropertyName, error.ErrorMessage);
                }
            });
        }
    }

    internal sealed class QueryHandler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<ProcedureForm>>
    {
        public async Task<Result<ProcedureForm>> Handle(Query query, CancellationToken cancellationToken)
        {
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.Id && clinics.Contains(p.ClinicId), cancellationToken);
            if (procedure is null)
            {
                return Fail.NotFound();
            }
            if (procedure.IsVoided)
            {
                return Fail.Invalid("", "A voided procedure cannot be corrected.");
            }
            if (await db.KitAllocations.AnyAsync(a => a.ProcedureId == procedure.Id, cancellationToken))
            {
                return Fail.Invalid("", "This block took a kit of a blinded protocol: its agent, kit and diary are kept as they were blinded and cannot be corrected here. Enter the diary with its own form, or void the block if it was logged in error (the kit stays used).");
            }
            var patient = await (from p in db.Patients join c in db.Clinics on p.ClinicId equals c.Id
                                 where p.Id == procedure.PatientId
                                 select new { Label = p.FamilyName.ToUpper() + ", " + p.GivenName + " (MRN " + p.Mrn + ")", c.TimeZone })
                .SingleAsync(cancellationToken);

            ProcedureForm form;
            switch (procedure.Kind)
            {
                case ProcedureKind.DiagnosticBlock:
                    var block = new LogDiagnosticBlock.Command();
                    LogDiagnosticBlock.Fill(block, procedure);
                    block.PartnerOptions = [.. (await LogDiagnosticBlock.PartnerOptionsAsync(db, procedure.PatientId, cancellationToken)).Where(o => o.Id != procedure.Id)];
                    form = block;
                    break;
                case ProcedureKind.SteroidInjection:
                    var steroid = new LogSteroidInjection.Command();
                    LogSteroidInjection.Fill(steroid, procedure);
                    form = steroid;
                    break;
                default:
                    var rf = new LogRfDenervation.Command();
                    LogRfDenervation.Fill(rf, procedure);
                    form = rf;
                    break;
            }
            ProcedureRecorder.FillCommon(form, procedure, patient.TimeZone);
            form.PatientLabel = patient.Label;
            return Result.Ok(form);
        }
    }

    /// <summary>A refused correction of a block goes back with its partner choices: the patient's other blocks.</summary>
    internal sealed class Page(RegistryDbContext db, ClinicScope scope) : IFormPage<Command>
    {
        public async Task<bool> LoadAsync(Command command, CancellationToken cancellationToken)
        {
            if (command.Form is LogDiagnosticBlock.Command block)
            {
                var clinics = await scope.ClinicIdsAsync(cancellationToken);
                var patientId = await db.Procedures.Where(p => p.Id == command.Id && clinics.Contains(p.ClinicId))
                    .Select(p => (int?)p.PatientId).SingleOrDefaultAsync(cancellationToken);
                block.PartnerOptions = patientId is { } patient
                    ? [.. (await LogDiagnosticBlock.PartnerOptionsAsync(db, patient, cancellationToken)).Where(o => o.Id != command.Id)]
                    : [];
            }
            return true;
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ProcedureRecorder recorder, FollowUpPlanner followUps, ICurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.LogProcedures))
            {
                return Result.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == command.Id && clinics.Contains(p.ClinicId), cancellationToken);
            if (procedure is null)
            {
                return Result.NotFound();
            }
            var formKind = command.Form switch
            {
                LogDiagnosticBlock.Command => ProcedureKind.DiagnosticBlock,
                LogSteroidInjection.Command => ProcedureKind.SteroidInjection,
                _ => ProcedureKind.RfDenervation,
            };
            if (formKind != procedure.Kind)
            {
                return Result.Invalid("", $"This procedure is a {procedure.Kind}; it is corrected with its own form.");
            }
            if (procedure.IsVoided)
            {
                return Result.Invalid("", "A voided procedure cannot be corrected.");
            }
            // A kit is given once, when the block is logged; a blinded block's allocation is never changed.
            if (await db.KitAllocations.AnyAsync(a => a.ProcedureId == procedure.Id, cancellationToken))
            {
                return Result.Invalid("", "This block took a kit of a blinded protocol: its agent, kit and diary are kept as they were blinded and cannot be corrected here. Enter the diary with its own form, or void the block if it was logged in error (the kit stays used).");
            }
            if (command.Form is LogDiagnosticBlock.Command { IsBlinded: true })
            {
                return Result.Invalid(nameof(LogDiagnosticBlock.Command.KitCode), "Kit code: a kit is given when a block is logged, not by a correction.");
            }

            command.Form.PatientId = procedure.PatientId;
            var checkedForm = await recorder.CheckAsync(command.Form, cancellationToken);
            if (!checkedForm.Succeeded)
            {
                return Result.Failed(checkedForm.AsFailure());
            }

            var previous = JsonSerializer.Serialize(procedure);
            var previousDate = procedure.PerformedAt;
            db.Entry(procedure).Property(p => p.Version).OriginalValue = command.Form.Version;
            ProcedureRecorder.ApplyCommon(command.Form, procedure, checkedForm.Value.PerformedAt);
            switch (command.Form)
            {
                case LogDiagnosticBlock.Command block:
                    if (await LogDiagnosticBlock.CheckPartnerAsync(db, block.PartnerProcedureId, procedure, cancellationToken) is { } partnerProblem)
                    {
                        return Result.Failed(partnerProblem);
                    }
                    LogDiagnosticBlock.Apply(block, procedure);
                    break;
                case LogSteroidInjection.Command steroid:
                    LogSteroidInjection.Apply(steroid, procedure);
                    break;
                case LogRfDenervation.Command rf:
                    LogRfDenervation.Apply(rf, procedure);
                    break;
            }
            var number = await db.ProcedureRevisions.CountAsync(r => r.ProcedureId == procedure.Id, cancellationToken) + 1;
            db.ProcedureRevisions.Add(new ProcedureRevision(procedure.Id, number, "Procedure", previous,
                command.Form.Reason!.Trim(), user.UserId, user.UserName, clock.GetUtcNow()));
            // Owned rows (targets, diary) may be all that changed; the parent row changes too, so that its xmin moves.
            db.Entry(procedure).Property(p => p.PerformedAt).IsModified = true;
            await db.SaveChangesAsync(cancellationToken);
            if (procedure.PerformedAt != previousDate)
            {
                await followUps.MoveAsync(procedure.Id, procedure.PerformedAt, cancellationToken);
            }
            return Result.Ok(procedure.Id.ToString());
        }
    }
}
