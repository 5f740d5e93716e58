using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Blinding;
using ProcedureRegistry.Web.Features.FollowUps;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using static ProcedureRegistry.Domain.Clinical.ProcedureLimits;

namespace ProcedureRegistry.Web.Features.Procedures;

/// <summary>
/// Logs a diagnostic anesthetic block with its post-block pain diary (clinical reference §3). A confirmatory or
/// placebo-controlled block names its partner, an earlier block of the same patient at the same segment.
/// </summary>
public static class LogDiagnosticBlock
{
    public sealed record Query(int PatientId) : IAudited<Result<Command>>
    {
        public string AuditAction => "ViewProcedureForm";
    }

    public sealed class DiaryInput
    {
        public int MinutesAfter { get; set; }
        public int? Pain { get; set; }
    }

    public sealed class Command : ProcedureForm, ICommand<Result<int>>
    {
        public BlockTechnique? Technique { get; set; } = BlockTechnique.MedialBranch;
        public BlockAgent? Agent { get; set; }
        /// <summary>
        /// The kit of a blinded protocol the block was given, instead of the agent: the kit decides the agent and its
        /// strength, which the operator does not see.
        /// </summary>
        public string? KitCode { get; set; }
        public decimal? ConcentrationPercent { get; set; }
        public decimal? VolumeMlPerTarget { get; set; } = 0.5m;
        public BlockSequence? Sequence { get; set; } = BlockSequence.Single;
        public int? PartnerProcedureId { get; set; }
        public bool? TendernessAbolished { get; set; }
        public List<DiaryInput> Diary { get; set; } =
            [.. PainDiary.StandardTimes.Select(t => new DiaryInput { MinutesAfter = (int)t.TotalMinutes })];
        /// <summary>Earlier blocks of the patient, for the partner choice (filled by the query and by <see cref="Page"/>, not posted).</summary>
        [BindNever]
        public IReadOnlyList<PartnerOption> PartnerOptions { get; set; } = [];
        public string AuditAction => IsBlinded ? "LogBlindedBlock" : "LogDiagnosticBlock";
        internal bool IsBlinded => !string.IsNullOrWhiteSpace(KitCode);
    }

    public sealed record PartnerOption(int Id, string Label);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new ProcedureFormValidator());
            RuleFor(c => c.Technique).NotNull().WithMessage("Technique is required.").IsInEnum().WithMessage("Technique must be intra-articular or medial branch block.");
            RuleFor(c => c.Agent).NotNull().When(c => !c.IsBlinded).WithMessage("Agent is required (or, for a blinded block, its kit code).")
                .IsInEnum().WithMessage("Agent must be lidocaine, bupivacaine, ropivacaine or saline.");
            RuleFor(c => c.Agent).Null().When(c => c.IsBlinded)
                .WithMessage("Agent: leave it empty for a blinded block; its kit decides the agent.");
            RuleFor(c => c.KitCode).Must(k => System.Text.RegularExpressions.Regex.IsMatch(AllocationList.Normalise(k), AllocationList.KitCodePattern))
                .When(c => c.IsBlinded).WithMessage("Kit code: type the 8 characters on the syringe's label, such as 3F7K-9QXA.");
            RuleFor(c => c.ConcentrationPercent)
                .Must(c => c is null || IsValidAgentConcentration(c.Value))
                .WithMessage($"Concentration must be above 0 and at most {AgentConcentrationMaxPercent} %.");
            RuleFor(c => c.ConcentrationPercent).NotNull().When(c => !c.IsBlinded && c.Agent is not null and not BlockAgent.Saline)
                .WithMessage("Concentration (%) is required for a local anesthetic.");
            RuleFor(c => c.VolumeMlPerTarget).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Volume per target (mL) is required.")
                .Must(v => IsValidBlockVolume(v!.Value)).WithMessage($"Volume per target must be above 0 and at most {BlockVolumeMaxMl} mL.");
            RuleFor(c => c.Sequence).NotNull().WithMessage("Block sequence is required.").IsInEnum().WithMessage("Block sequence is not one of the listed ones.");
            RuleFor(c => c.PartnerProcedureId).NotNull()
                .When(c => c.Sequence is BlockSequence.Confirmatory or BlockSequence.PlaceboControlled)
                .WithMessage("Partner block: a confirmatory or placebo-controlled block names the earlier block it controls.");
            RuleFor(c => c.PartnerProcedureId).Null()
                .When(c => c.Sequence is BlockSequence.Single or BlockSequence.FirstOfComparativePair)
                .WithMessage("Partner block: only a confirmatory or placebo-controlled block names a partner.");
            RuleForEach(c => c.Diary).ChildRules(d =>
            {
                d.RuleFor(x => x.Pain).InclusiveBetween(PainMin, PainMax).When(x => x.Pain is not null)
                    .WithMessage("Diary pain scores must be between 0 and 10.");
                d.RuleFor(x => x.MinutesAfter).InclusiveBetween(1, 7 * 24 * 60).WithMessage("Diary times must be between 1 minute and 7 days after the block.");
            });
            RuleFor(c => c.Diary).Must(d => d.Select(x => x.MinutesAfter).Distinct().Count() == d.Count)
                .WithMessage("Diary: each time after the block appears once.");
        }
    }

    internal sealed class QueryHandler(ProcedureRecorder recorder, RegistryDbContext db) : IRequestHandler<Query, Result<Command>>
    {
        public async Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken)
        {
            var form = await recorder.NewFormAsync<Command>(query.PatientId, cancellationToken);
            if (form.Succeeded)
            {
                form.Value!.PartnerOptions = await PartnerOptionsAsync(db, query.PatientId, cancellationToken);
            }
            return form;
        }
    }

    /// <summary>A refused block form goes back with its partner choices (none for a patient who is not one of the user's clinics').</summary>
    internal sealed class Page(ProcedureRecorder recorder, RegistryDbContext db) : IFormPage<Command>
    {
        public async Task<bool> LoadAsync(Command form, CancellationToken cancellationToken)
        {
            form.PartnerOptions = await recorder.FindPatientAsync(form.PatientId, cancellationToken) is null
                ? []
                : await PartnerOptionsAsync(db, form.PatientId, cancellationToken);
            return true;
        }
    }

    public static async Task<IReadOnlyList<PartnerOption>> PartnerOptionsAsync(RegistryDbContext db, int patientId, CancellationToken cancellationToken)
    {
        var blocks = await db.Procedures.AsNoTracking()
            .Where(p => p.PatientId == patientId && p.Kind == ProcedureKind.DiagnosticBlock && p.VoidedAt == null)
            .OrderByDescending(p => p.PerformedAt)
            .ToListAsync(cancellationToken);
        // A blinded block is named by its kit: the partner list is seen by the operator, who must not learn the agent.
        var blinded = await BlindedBlocks.ReadAsync(db, [.. blocks.Select(b => b.Id)], isPreparer: false, cancellationToken);
        return [.. blocks.Select(b => new PartnerOption(b.Id,
            $"{b.PerformedAt.UtcDateTime:yyyy-MM-dd} · {BlindedBlocks.AgentWords(b, blinded)} · {string.Join(", ", b.TargetsInOrder.Select(t => t.Segment + " " + t.Side))}"))];
    }

    /// <summary>The block's own fields, from the form (logging or correcting).</summary>
    internal static void Apply(Command command, Procedure block)
    {
        block.Technique = command.Technique;
        block.Agent = command.Agent;
        block.ConcentrationPercent = command.Agent == BlockAgent.Saline ? null : command.ConcentrationPercent;
        block.VolumeMlPerTarget = command.VolumeMlPerTarget;
        block.Sequence = command.Sequence;
        block.PartnerProcedureId = command.PartnerProcedureId;
        block.TendernessAbolished = command.TendernessAbolished;
        block.Diary = [.. command.Diary.Where(d => d.Pain is not null).Select(d => new DiaryScore(d.MinutesAfter, d.Pain!.Value))];
    }

    internal static void Fill(Command form, Procedure block)
    {
        form.Technique = block.Technique;
        form.Agent = block.Agent;
        form.ConcentrationPercent = block.ConcentrationPercent;
        form.VolumeMlPerTarget = block.VolumeMlPerTarget;
        form.Sequence = block.Sequence;
        form.PartnerProcedureId = block.PartnerProcedureId;
        form.TendernessAbolished = block.TendernessAbolished;
        form.Diary = DiaryRows(block);
    }

    /// <summary>The diary as form rows: the standard times, plus any other time already recorded.</summary>
    internal static List<DiaryInput> DiaryRows(Procedure block) =>
        [.. PainDiary.StandardTimes.Select(t => (int)t.TotalMinutes).Union(block.Diary.Select(d => d.MinutesAfter)).Order()
            .Select(m => new DiaryInput { MinutesAfter = m, Pain = block.Diary.FirstOrDefault(d => d.MinutesAfter == m)?.Pain })];

    /// <summary>Loads the partner the block names and asks <see cref="PartnerBlockRules"/>; null when it is acceptable (or there is none).</summary>
    internal static async Task<FailedResult?> CheckPartnerAsync(RegistryDbContext db, int? partnerId, Procedure block, CancellationToken cancellationToken)
    {
        if (partnerId is not { } id)
        {
            return null;
        }
        var partner = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return PartnerBlockRules.Check(AtSegments(block), partner is null ? null : AtSegments(partner)) is { } problem
            ? Fail.Invalid(nameof(Command.PartnerProcedureId), problem)
            : null;

        static ProcedureAtSegments AtSegments(Procedure p) =>
            new(p.Id, p.PatientId, p.Kind == ProcedureKind.DiagnosticBlock, p.IsVoided, p.PerformedAt, [.. p.Targets.Select(t => t.Segment)]);
    }

    /// <summary>
    /// Gives the block the dose of the kit its code names, and the agent and strength that dose holds; null when it
    /// may, or the reason it may not: no such kit in a started protocol of the block's clinic, a block sequence that
    /// takes no kit of that design, a stratum other than the block's segments', a dose already given to another block.
    /// </summary>
    internal static async Task<FailedResult?> AllocateKitAsync(RegistryDbContext db, string typedCode, Procedure block, string byName,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        var code = AllocationList.Normalise(typedCode);
        var kit = await db.BlindedKits.Include(k => k.Protocol)
            .SingleOrDefaultAsync(k => k.KitCode == code && k.Protocol!.ClinicId == block.ClinicId && k.Protocol.StartedAt != null, cancellationToken);
        if (kit is null)
        {
            return Fail.Invalid(nameof(Command.KitCode), $"Kit code: no kit {code} belongs to a started blinded protocol of this patient's clinic.");
        }
        var protocol = kit.Protocol!;
        if (ControlledDesigns.DoseFor(protocol.Design, block.Sequence!.Value) is not { } dose)
        {
            return Fail.Invalid(nameof(Command.Sequence), protocol.Design == ControlledDesign.PlaceboControlled
                ? $"Block sequence: a kit of \u201c{protocol.Name}\u201d is for the placebo-controlled block (the first block is open-label)."
                : $"Block sequence: a kit of \u201c{protocol.Name}\u201d is for the first block of a comparative pair (dose 1) and its confirmatory block (dose 2).");
        }
        var segments = block.Targets.Select(t => SpinalSegment.Parse(t.Segment)).Distinct().ToList();
        if (ControlledDesigns.StratumOf(protocol.Stratification, segments) != kit.Stratum)
        {
            return Fail.Invalid(nameof(Command.KitCode),
                $"Kit code: kit {code} is for the {ControlledDesigns.Describe(kit.Stratum)} stratum; this block's targets ({string.Join(", ", segments)}) are not.");
        }
        if (await db.KitAllocations.AnyAsync(a => a.KitId == kit.Id && a.Dose == dose, cancellationToken))
        {
            return Fail.Invalid(nameof(Command.KitCode), $"Kit code: dose {dose} of kit {code} was already given to another block.");
        }
        block.Agent = protocol.AgentOf(kit.Arm, dose);
        block.ConcentrationPercent = ControlledDesigns.ConcentrationPercent(block.Agent.Value);
        db.KitAllocations.Add(new KitAllocation(kit.Id, dose, block, at, byName));
        return null;
    }

    internal sealed class Handler(ProcedureRecorder recorder, RegistryDbContext db, FollowUpPlanner followUps, ICurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, Result<int>>
    {
        public async Task<Result<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            var started = await recorder.StartAsync(ProcedureKind.DiagnosticBlock, command, cancellationToken);
            if (!started.Succeeded)
            {
                return started.AsFailure();
            }
            var block = started.Value!;

            if (await CheckPartnerAsync(db, command.PartnerProcedureId, block, cancellationToken) is { } partnerProblem)
            {
                return partnerProblem;
            }
            Apply(command, block);
            if (command.IsBlinded
                && await AllocateKitAsync(db, command.KitCode!, block, user.UserName, clock.GetUtcNow(), cancellationToken) is { } kitProblem)
            {
                return kitProblem;
            }
            db.Procedures.Add(block);
            await followUps.PlanAsync(block, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(block.Id, block.Id.ToString());
        }
    }
}
