using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Clinics;

/// <summary>
/// A clinic's settings: name, time zone, and whether everyone who works in it must use two-factor sign-in. Only for
/// Admins of that clinic; any other clinic answers 404. The code never changes (it names the clinic in exports).
/// </summary>
public static class EditClinic
{
    public sealed record Query(int Id) : IQuery<Result<Command>>;

    public sealed class Command : ICommand<Result>
    {
        public int Id { get; set; }
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? TimeZone { get; set; }
        public bool RequireTwoFactor { get; set; }
        public uint Version { get; set; }
        public string AuditAction => "EditClinic";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Name is required.")
                .Must(n => n!.Trim().Length >= 2).WithMessage("Name must be at least 2 characters.")
                .MaximumLength(Domain.Clinics.Clinic.NameMaxLength).WithMessage($"Name must be at most {Domain.Clinics.Clinic.NameMaxLength} characters.");
            RuleFor(c => c.TimeZone).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Time zone is required.")
                .Must(tz => TimeZoneInfo.TryFindSystemTimeZoneById(tz!, out _))
                .WithMessage("Time zone must be an IANA time zone id such as Europe/Paris or America/New_York.");
        }
    }

    internal sealed class QueryHandler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Command>>
    {
        public async Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ManageClinics) || !await scope.IncludesAsync(query.Id, cancellationToken))
            {
                return Fail.NotFound();
            }
            var form = await db.Clinics.AsNoTracking().Where(c => c.Id == query.Id)
                .Select(c => new Command
                {
                    Id = c.Id, Code = c.Code, Name = c.Name, TimeZone = c.TimeZone, RequireTwoFactor = c.RequireTwoFactor,
                    Version = c.Version,
                })
                .SingleAsync(cancellationToken);
            return Result.Ok(form, form.Id.ToString());
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ManageClinics) || !await scope.IncludesAsync(command.Id, cancellationToken))
            {
                return Result.NotFound();
            }
            var clinic = await db.Clinics.SingleAsync(c => c.Id == command.Id, cancellationToken);
            db.Entry(clinic).Property(c => c.Version).OriginalValue = command.Version;
            clinic.ChangeSettings(command.Name!.Trim(), command.TimeZone!, command.RequireTwoFactor);
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(clinic.Id.ToString());
        }
    }
}
