using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Clinics;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Clinics;

/// <summary>
/// Creates a clinic. Its creator becomes a member, so an Admin administers the clinics they create; the command line
/// (the operator) creates clinics without joining them.
/// </summary>
public static class CreateClinic
{
    public sealed class Command : ICommand<Result<int>>
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? TimeZone { get; set; } = "Europe/Paris";
        public string AuditAction => "CreateClinic";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Code is required.")
                .Must(Clinic.IsValidCode).WithMessage("Code must be 2 to 20 upper-case letters, digits or dashes (e.g. NORTH-1).");
            RuleFor(c => c.Name).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Name is required.")
                .Must(n => n!.Trim().Length >= 2).WithMessage("Name must be at least 2 characters.")
                .MaximumLength(Clinic.NameMaxLength).WithMessage($"Name must be at most {Clinic.NameMaxLength} characters.");
            RuleFor(c => c.TimeZone).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Time zone is required.")
                .Must(tz => TimeZoneInfo.TryFindSystemTimeZoneById(tz!, out _))
                .WithMessage("Time zone must be an IANA time zone id such as Europe/Paris or America/New_York.");
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ICurrentUser user) : IRequestHandler<Command, Result<int>>
    {
        public async Task<Result<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await db.Clinics.AnyAsync(c => c.Code == command.Code, cancellationToken))
            {
                return Fail.Invalid(nameof(Command.Code), $"A clinic with code {command.Code} already exists.");
            }
            var clinic = new Clinic(command.Code!, command.Name!.Trim(), command.TimeZone!);
            db.Clinics.Add(clinic);
            await db.SaveChangesAsync(cancellationToken);
            if (!scope.IsOperator && user.UserId is { } creator)
            {
                // A second save in the same transaction: the membership needs the clinic's generated id.
                db.ClinicMemberships.Add(new ClinicMembership { UserId = creator, ClinicId = clinic.Id });
                await db.SaveChangesAsync(cancellationToken);
            }
            return Result.Ok(clinic.Id, clinic.Id.ToString());
        }
    }
}
