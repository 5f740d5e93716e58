using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Blinding;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using static ProcedureRegistry.Domain.Clinical.ProcedureLimits;

namespace ProcedureRegistry.Web.Features.Procedures;

/// <summary>
/// Enters or corrects a block's post-block pain diary (often completed the next day). The previous diary is kept as a
/// correction with who, when and why; a stale form is refused.
/// </summary>
public static class UpdateBlockDiary
{
    public sealed record Query(int Id) : IQuery<Result<Command>>;

    public sealed class Command : ICommand<Result>
    {
        public int Id { get; set; }
        public uint Version { get; set; }
        public string Label { get; set; } = "";
        public int PrePain { get; set; }
        public List<LogDiagnosticBlock.DiaryInput> Diary { get; set; } = [];
        public bool? TendernessAbolished { get; set; }
        public string? Reason { get; set; }
        public string AuditAction => "UpdateBlockDiary";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleForEach(c => c.Diary).ChildRules(d =>
            {
                d.RuleFor(x => x.Pain).InclusiveBetween(PainMin, PainMax).When(x => x.Pain is not null)
                    .WithMessage("Diary pain scores must be between 0 and 10.");
                d.RuleFor(x => x.MinutesAfter).InclusiveBetween(1, 7 * 24 * 60).WithMessage("Diary times must be between 1 minute and 7 days after the block.");
            });
            RuleFor(c => c.Diary).Must(d => d.Select(x => x.MinutesAfter).Distinct().Count() == d.Count)
                .WithMessage("Diary: each time after the block appears once.");
            RuleFor(c => c.Reason).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Reason is required: it is kept with the previous diary (e.g. \"24 h score phoned in\").")
                .Must(r => r!.Trim().Length >= 3).WithMessage("Reason must be at least 3 characters.")
                .MaximumLength(500).WithMessage("Reason must be at most 500 characters.");
        }
    }

    private sealed record DiarySnapshot(IReadOnlyList<int[]> Scores, bool? TendernessAbolished);

    internal sealed class QueryHandler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Command>>
    {
        public async Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken)
        {
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var block = await db.Procedures.AsNoTracking()
                .SingleOrDefaultAsync(p => p.Id == query.Id && clinics.Contains(p.ClinicId) && p.Kind == ProcedureKind.DiagnosticBlock, cancellationToken);
            if (block is null)
            {
                return Fail.NotFound();
            }
            var blinded = await BlindedBlocks.ReadAsync(db, [block.Id], scope.Can(Domain.Access.Capability.PrepareBlocks), cancellationToken);
            return Result.Ok(new Command
            {
                Id = block.Id,
                Version = block.Version,
                Label = $"{BlindedBlocks.AgentWords(block, blinded)} block of {block.PerformedAt.UtcDateTime:yyyy-MM-dd} at {string.Join(", ", block.TargetsInOrder.Select(t => t.Segment + " " + t.Side))}",
                PrePain = block.PrePain,
                TendernessAbolished = block.TendernessAbolished,
                Diary = LogDiagnosticBlock.DiaryRows(block),
            });
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.LogProcedures))
            {
                return Result.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var block = await db.Procedures
                .SingleOrDefaultAsync(p => p.Id == command.Id && clinics.Contains(p.ClinicId) && p.Kind == ProcedureKind.DiagnosticBlock, cancellationToken);
            if (block is null)
            {
                return Result.NotFound();
            }
            if (block.IsVoided)
            {
                return Result.Invalid("", "A voided block's diary cannot be changed.");
            }
            var unblinding = await db.BlockUnblindings.AsNoTracking().FirstOrDefaultAsync(u => u.ProcedureId == block.Id, cancellationToken);
            if (!Domain.Blinding.Concealment.DiaryMayBeEntered(unblinded: unblinding is not null))
            {
                return Result.Invalid("", $"This blinded block was unblinded on {unblinding!.UnblindedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC: scores taken knowing the agent are not blinded, so its diary stays as it was then.");
            }

            var previous = new DiarySnapshot([.. block.Diary.OrderBy(d => d.MinutesAfter).Select(d => new[] { d.MinutesAfter, d.Pain })], block.TendernessAbolished);
            var next = command.Diary.Where(d => d.Pain is not null).Select(d => new DiaryScore(d.MinutesAfter, d.Pain!.Value)).OrderBy(d => d.MinutesAfter).ToList();
            if (next.Select(d => (d.MinutesAfter, d.Pain)).SequenceEqual(block.Diary.OrderBy(d => d.MinutesAfter).Select(d => (d.MinutesAfter, d.Pain)))
                && command.TendernessAbolished == block.TendernessAbolished)
            {
                return Result.Invalid("", "Nothing was changed.");
            }

            db.Entry(block).Property(p => p.Version).OriginalValue = command.Version;
            var number = await db.ProcedureRevisions.CountAsync(r => r.ProcedureId == block.Id, cancellationToken) + 1;
            db.ProcedureRevisions.Add(new ProcedureRevision(block.Id, number, "Diary", JsonSerializer.Serialize(previous),
                command.Reason!.Trim(), user.UserId, user.UserName, clock.GetUtcNow()));
            block.Diary = next;
            block.TendernessAbolished = command.TendernessAbolished;
            // Owned rows changed; the parent row must change too, so that its xmin moves and a concurrent edit conflicts.
            db.Entry(block).Property(p => p.PerformedAt).IsModified = true;
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(block.Id.ToString());
        }
    }
}
