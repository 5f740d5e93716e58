using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>The therapeutic procedure that followed the diagnostic blocks at the same segment and side.</summary>
public enum TherapeuticKind { None, RadiofrequencyDenervation, SteroidInjection }

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

/// <summary>
/// One patient's diagnostic blocks at one segment and side, with what followed: one row of the criterion-4 data
/// set. The patient key only groups a patient's rows (it is never an identity). Relief is in percent from the
/// pre-procedure score; it may be negative (pain worse).
/// </summary>
/// <param name="PatientKey">Groups rows of one patient; carries no identity.</param>
/// <param name="FirstBlockPeakReliefPercent">Peak relief of the first (or single) block; null when the diary was too sparse.</param>
/// <param name="ConfirmatoryBlockPeakReliefPercent">Peak relief of the confirmatory block of a comparative pair; null when none was done.</param>
/// <param name="PairDurationsConcordant">Whether relief lasted longer with the long-acting agent; null when no pair.</param>
/// <param name="PlaceboPeakReliefPercent">Peak relief after normal saline; null when no placebo block was done.</param>
/// <param name="LaterTherapy">The therapeutic procedure at the same segment and side, if any.</param>
/// <param name="FollowUpReliefPercent">Relief at the chosen follow-up point (default 3 months); null when not followed up.</param>
/// <param name="DurabilityMonths">Months from the therapeutic procedure to the first follow-up with less than 50% relief, or to the last follow-up with relief (censored); null when unknown.</param>
/// <param name="ReliefLost">True when <paramref name="DurabilityMonths"/> ends in loss of relief (the event), false when censored.</param>
public sealed record BlockedSegmentCase(
    int PatientKey,
    SpinalSegment Segment,
    Side Side,
    decimal? FirstBlockPeakReliefPercent,
    decimal? ConfirmatoryBlockPeakReliefPercent,
    bool? PairDurationsConcordant,
    decimal? PlaceboPeakReliefPercent,
    TherapeuticKind LaterTherapy,
    decimal? FollowUpReliefPercent,
    double? DurabilityMonths = null,
    bool ReliefLost = false);

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
