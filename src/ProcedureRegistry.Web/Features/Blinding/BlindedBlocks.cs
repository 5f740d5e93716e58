using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.Web.Features.Blinding;

/// <summary>What the pages show of a block that took a kit of a blinded protocol.</summary>
/// <param name="AgentVisible">Whether the current user may see the agent now (<see cref="Concealment.AgentVisible"/>).</param>
public sealed record BlockBlinding(
    int ProcedureId, string KitCode, int Dose, string ProtocolName, ControlledDesign Design, bool DiaryComplete,
    DateTimeOffset? UnblindedAt, string? UnblindedBy, string? UnblindingReason, bool AgentVisible)
{
    public bool Unblinded => UnblindedAt is not null;

    /// <summary>"kit 3F7K-9QXA" (and the dose of a comparative kit), for labels where the agent would go.</summary>
    public string KitLabel => Design == ControlledDesign.ComparativeOrder ? $"kit {KitCode} dose {Dose}" : $"kit {KitCode}";
}

/// <summary>
/// Reads which blocks are blinded and whether their agent may be shown, and hides it from the pages that must not show it.
/// Every page that names a block's agent asks here first.
/// </summary>
public static class BlindedBlocks
{
    public static async Task<IReadOnlyDictionary<int, BlockBlinding>> ReadAsync(
        RegistryDbContext db, IReadOnlyCollection<int> procedureIds, bool isPreparer, CancellationToken cancellationToken)
    {
        if (procedureIds.Count == 0)
        {
            return new Dictionary<int, BlockBlinding>();
        }
        var lastTime = (int)PainDiary.StandardTimes[^1].TotalMinutes;
        var rows = await (from a in db.KitAllocations
                          join k in db.BlindedKits on a.KitId equals k.Id
                          join pr in db.ControlledBlockProtocols on k.ProtocolId equals pr.Id
                          join p in db.Procedures on a.ProcedureId equals p.Id
                          where procedureIds.Contains(a.ProcedureId)
                          select new { a.ProcedureId, k.KitCode, a.Dose, pr.Name, pr.Design, Complete = p.Diary.Any(d => d.MinutesAfter >= lastTime) })
            .AsNoTracking().ToListAsync(cancellationToken);
        var unblindings = await db.BlockUnblindings.AsNoTracking().Where(u => procedureIds.Contains(u.ProcedureId))
            .ToDictionaryAsync(u => u.ProcedureId, cancellationToken);
        return rows.ToDictionary(r => r.ProcedureId, r =>
        {
            var u = unblindings.GetValueOrDefault(r.ProcedureId);
            return new BlockBlinding(r.ProcedureId, r.KitCode, r.Dose, r.Name, r.Design, r.Complete, u?.UnblindedAt, u?.UnblindedByName, u?.Reason,
                Concealment.AgentVisible(r.Complete, u is not null, isPreparer));
        });
    }

    /// <summary>
    /// Blanks the agent and strength of an untracked block the user may not see yet, so no page can show them by
    /// accident. Never call it on a tracked entity.
    /// </summary>
    public static void Conceal(Procedure block, IReadOnlyDictionary<int, BlockBlinding> blinding)
    {
        if (blinding.TryGetValue(block.Id, out var b) && !b.AgentVisible)
        {
            block.Agent = null;
            block.ConcentrationPercent = null;
        }
    }

    /// <summary>A block's agent as a label shows it: the agent, or the kit while it is concealed.</summary>
    public static string AgentWords(Procedure block, IReadOnlyDictionary<int, BlockBlinding> blinding) =>
        blinding.TryGetValue(block.Id, out var b) && !b.AgentVisible ? $"blinded, {b.KitLabel}" : block.Agent?.ToString() ?? "";
}
