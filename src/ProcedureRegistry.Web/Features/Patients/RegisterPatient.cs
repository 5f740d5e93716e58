using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Patients;

public static class RegisterPatient
{
    public sealed class Command : PatientForm, ICommand<Result<int>>
    {
        public int ClinicId { get; set; }
        /// <summary>The clinics to register into (the user's own), for the page; never bound from the post.</summary>
        [BindNever]
        public IReadOnlyList<ListMyClinics.Item> Clinics { get; set; } = [];
        public string AuditAction => "RegisterPatient";
    }

    /// <summary>A refused registration goes back with the clinics to choose from.</summary>
    internal sealed class Page(RegistryDbContext db, ClinicScope scope) : IFormPage<Command>
    {
        public async Task<bool> LoadAsync(Command form, CancellationToken cancellationToken)
        {
            form.Clinics = await ListMyClinics.ReadAsync(db, scope, cancellationToken);
            return true;
        }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            Include(new PatientFormValidator(clock));
            RuleFor(c => c.ClinicId).GreaterThan(0).WithMessage("Clinic is required.");
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, TimeProvider clock) : IRequestHandler<Command, Result<int>>
    {
        public async Task<Result<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.EditPatients))
            {
                return Fail.Forbidden();
            }
            if (!await scope.IncludesAsync(command.ClinicId, cancellationToken))
            {
                return Fail.Invalid(nameof(Command.ClinicId), "You can register patients only in your own clinics.");
            }
            var mrn = command.Mrn!.Trim();
            if (await db.Patients.AnyAsync(p => p.ClinicId == command.ClinicId && p.Mrn == mrn, cancellationToken))
            {
                return Fail.Invalid(nameof(Command.Mrn), $"MRN {mrn} is already registered in this clinic.");
            }
            var patient = new Patient(command.ClinicId, command.ToDetails(), clock.GetUtcNow());
            db.Patients.Add(patient);
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(patient.Id, patient.Id.ToString());
        }
    }
}
