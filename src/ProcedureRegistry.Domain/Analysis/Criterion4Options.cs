using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>Which block result counts as the test (issue 5, "exposure").</summary>
public enum BlockExposure
{
    /// <summary>Positive when the first block's peak relief reaches the threshold.</summary>
    SingleBlock,
    /// <summary>
    /// Positive when both blocks of a comparative pair reach the threshold and the durations are concordant (relief
    /// lasts longer with the long-acting agent); negative when the first block or the confirmatory block falls
    /// short, or the pair is discordant. A positive first block without a confirmatory block is not classifiable.
    /// </summary>
    ComparativePair,
    /// <summary>
    /// Positive when the anaesthetic block reaches the threshold and the saline block does not; negative when the
    /// anaesthetic block falls short or the saline block also reaches it (a placebo responder). A positive first
    /// block without a saline block is not classifiable.
    /// </summary>
    PlaceboControlled,
}

/// <summary>The settings of the criterion-4 analysis, each with the default of clinical-reference §3, §5 and §6.</summary>
public sealed record Criterion4Options
{
    /// <summary>The thresholds of the PPV-against-threshold curve: 50, 60, 70, 80 and 90%.</summary>
    public IReadOnlyList<ReliefThreshold> Thresholds { get; init; } =
        [.. new[] { 50, 60, 70, 80, 90 }.Select(ReliefThreshold.Create)];

    /// <summary>The threshold of the headline verdict, the cohort flow and the durability curve: the clinic's 80% default.</summary>
    public ReliefThreshold PrimaryThreshold { get; init; } = ReliefThreshold.Default;

    /// <summary>Treatment success: at least this relief at the follow-up point; 50% by default.</summary>
    public decimal SuccessReliefPercent { get; init; } = 50;

    public BlockExposure Exposure { get; init; } = BlockExposure.SingleBlock;

    public Criterion4VerdictRule Rule { get; init; } = Criterion4VerdictRule.Default;

    public static Criterion4Options Default { get; } = new();
}
