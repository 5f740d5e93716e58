using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Patients;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Blinding;

/// <summary>
/// A clinic's Clinician or Admin defines a blinded, randomised controlled-block protocol: its design, its strata, its
/// permuted-block sizes and how many kits each stratum's list holds. Nothing is drawn until it is started.
/// </summary>
public static class DefineBlindedProtocol
{
    public sealed record Query : IQuery<Result<Command>>;

    public sealed class Command : ICommand<Result<int>>
    {
        public int? ClinicId { get; set; }
        public string? Name { get; set; }
        public ControlledDesign? Design { get; set; } = ControlledDesign.PlaceboControlled;
        public BlockAgent? PlaceboComparator { get; set; } = BlockAgent.Bupivacaine;
        public Stratification? Stratification { get; set; }
        public List<int> BlockSizes { get; set; } = [];
        public int? KitsPerStratum { get; set; } = 100;
        /// <summary>The user's clinics, for the clinic choice (filled by the query and by <see cref="Page"/>, not posted).</summary>
        [BindNever]
        public IReadOnlyList<ListMyClinics.Item> Clinics { get; set; } = [];
        public string AuditAction => "DefineBlindedProtocol";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ClinicId).NotNull().WithMessage("Clinic is required.");
            RuleFor(c => c.Name).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Name is required (e.g. \"Saline-controlled T12-L1 blocks 2027\").")
                .Must(n => n!.Trim().Length is >= 3 and <= ControlledBlockProtocol.NameMaxLength)
                .WithMessage($"Name must be 3 to {ControlledBlockProtocol.NameMaxLength} characters.");
            RuleFor(c => c.Design).NotNull().WithMessage("Design is required: comparative order or placebo-controlled.")
                .IsInEnum().WithMessage("Design must be comparative order or placebo-controlled.");
            RuleFor(c => c.PlaceboComparator).NotNull().When(c => c.Design == ControlledDesign.PlaceboControlled)
                .WithMessage("Local anesthetic is required for a placebo-controlled protocol.")
                .Must(a => a is null || ControlledDesigns.PlaceboComparators.Contains(a.Value))
                .WithMessage("Local anesthetic must be lidocaine 2 % or bupivacaine 0.5 %.");
            RuleFor(c => c.Stratification).NotNull()
                .WithMessage("Strata: choose one list for all segments, or one per segment group (thoracolumbar junction, lower lumbar).")
                .IsInEnum().WithMessage("Strata: choose one list for all segments, or one per segment group.");
            RuleFor(c => c.BlockSizes).Must(s => AllocationList.CheckBlockSizes(s) is null)
                .WithMessage(c => AllocationList.CheckBlockSizes(c.BlockSizes)!);
            RuleFor(c => c.KitsPerStratum).NotNull().WithMessage("Kits per stratum is required.")
                .InclusiveBetween(1, AllocationList.MaxKitsPerStratum)
                .WithMessage($"Kits per stratum must be from 1 to {AllocationList.MaxKitsPerStratum}.");
        }
    }

    internal sealed class QueryHandler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Command>>
    {
        public async Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.DefineBlindedProtocols))
            {
                return Fail.Forbidden();
            }
            var clinics = await ListMyClinics.ReadAsync(db, scope, cancellationToken);
            return Result.Ok(new Command { Clinics = clinics, ClinicId = clinics.Count == 1 ? clinics[0].Id : null, BlockSizes = [2, 4] });
        }
    }

    internal sealed class Page(RegistryDbContext db, ClinicScope scope) : IFormPage<Command>
    {
        public async Task<bool> LoadAsync(Command form, CancellationToken cancellationToken)
        {
            form.Clinics = await ListMyClinics.ReadAsync(db, scope, cancellationToken);
            return true;
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result<int>>
    {
        public async Task<Result<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.DefineBlindedProtocols))
            {
                return Fail.Forbidden();
            }
            if (!await scope.IncludesAsync(command.ClinicId!.Value, cancellationToken))
            {
                return Fail.Invalid(nameof(Command.ClinicId), "Clinic: choose one of your clinics.");
            }
            var name = command.Name!.Trim();
            if (await db.ControlledBlockProtocols.AnyAsync(p => p.ClinicId == command.ClinicId && p.Name == name, cancellationToken))
            {
                return Fail.Invalid(nameof(Command.Name), $"Name: this clinic already has a protocol called \u201c{name}\u201d.");
            }
            var protocol = new ControlledBlockProtocol(command.ClinicId.Value, name, command.Design!.Value,
                command.Design == ControlledDesign.PlaceboControlled ? command.PlaceboComparator!.Value : BlockAgent.Bupivacaine,
                command.Stratification!.Value, [.. command.BlockSizes], command.KitsPerStratum!.Value, clock.GetUtcNow(), user.UserName);
            db.ControlledBlockProtocols.Add(protocol);
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(protocol.Id, protocol.Id.ToString());
        }
    }
}
