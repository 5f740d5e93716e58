using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Web.Features.Procedures;

/// <summary>
/// Reads logged blocks through the domain rules at the clinic's relief threshold (setting
/// Clinical:ReliefThresholdPercent, 50–90, default 80: clinical reference §3).
/// </summary>
public sealed class BlockAnalysis(IConfiguration configuration)
{
    public ReliefThreshold Threshold { get; } =
        ReliefThreshold.TryCreate(configuration.GetValue("Clinical:ReliefThresholdPercent", ReliefThreshold.DefaultPercent), out var t)
            ? t : ReliefThreshold.Default;

    public BlockResult Analyse(Procedure block) => BlockRules.Analyse(block.ToDiary(), Threshold);

    /// <summary>Every target of every (not voided) block with its classification, for the diagnosis of an assessment.</summary>
    public IReadOnlyList<BlockAtSegment> AtSegments(IEnumerable<Procedure> blocks) =>
        [.. blocks.Where(b => b.Kind == ProcedureKind.DiagnosticBlock && !b.IsVoided)
            .SelectMany(b =>
            {
                var classification = Analyse(b).Classification;
                return b.Targets.Select(t => new BlockAtSegment(t.ToSegmentSide(), classification));
            })];

    /// <summary>
    /// The comparative or placebo-controlled reading of a block and its partner, whichever of the two is given;
    /// null when the block is not part of such a pair.
    /// </summary>
    public string? PairReading(Procedure block, Procedure? partner)
    {
        if (partner is null || block.Agent is not { } agent || partner.Agent is not { } partnerAgent)
        {
            return null;
        }
        var (first, second) = block.PerformedAt <= partner.PerformedAt ? (block, partner) : (partner, block);
        var placebo = first.Agent == BlockAgent.Saline || second.Agent == BlockAgent.Saline;
        if (placebo)
        {
            var (anesthetic, saline) = first.Agent == BlockAgent.Saline ? (second, first) : (first, second);
            var outcome = BlockRules.ComparePlacebo(Analyse(anesthetic), Analyse(saline));
            return $"Placebo-controlled: {BlockRules.Describe(outcome)}";
        }
        var pair = BlockRules.EvaluatePair(first.Agent!.Value, Analyse(first), second.Agent!.Value, Analyse(second));
        return $"Comparative pair: {pair.Explanation}";
    }
}
