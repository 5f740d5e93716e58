using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>The therapeutic procedure that followed the diagnostic blocks at the same segment and side.</summary>
public enum TherapeuticKind { None, RadiofrequencyDenervation, SteroidInjection }

/// <summary>
/// One patient's diagnostic blocks at one segment and side, with what followed: one row of the criterion-4 data
/// set. The patient key only groups a patient's rows (it is never an identity). Relief is in percent from the
/// pre-procedure score; it may be negative (pain worse).
/// </summary>
/// <param name="PatientKey">Groups rows of one patient; carries no identity.</param>
/// <param name="FirstBlockPeakReliefPercent">Peak relief of the first (or single) block; null when the diary was too sparse.</param>
/// <param name="ConfirmatoryBlockPeakReliefPercent">Peak relief of the confirmatory block of a comparative pair; null when none was done.</param>
/// <param name="PairDurationsConcordant">Whether relief lasted longer with the long-acting agent, at every threshold; null when no pair or not comparable. Used where <paramref name="PairConcordanceByThreshold"/> is null.</param>
/// <param name="PlaceboPeakReliefPercent">Peak relief after normal saline; null when no placebo block was done.</param>
/// <param name="LaterTherapy">The therapeutic procedure at the same segment and side, if any.</param>
/// <param name="FollowUpReliefPercent">Relief at the chosen follow-up point (default 3 months); null when not followed up.</param>
/// <param name="DurabilityMonths">Months from the therapeutic procedure to the first follow-up with less than 50% relief, or to the last follow-up with relief (censored); null when unknown.</param>
/// <param name="ReliefLost">True when <paramref name="DurabilityMonths"/> ends in loss of relief (the event), false when censored.</param>
/// <param name="PairConcordanceByThreshold">
/// Whether relief lasted longer with the long-acting agent, judged at each relief threshold (percent → concordant, or
/// null when the agents cannot be compared): how long relief of at least 50% lasts is not how long relief of at least
/// 90% lasts, so a pair is judged again at each threshold of the curve (issue 11). Null when not recorded per threshold.
/// </param>
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
    bool ReliefLost = false,
    PairConcordanceByThreshold? PairConcordanceByThreshold = null)
{
    /// <summary>
    /// The pair's concordance at a threshold: from <see cref="PairConcordanceByThreshold"/> when it is recorded (null
    /// when it holds no judgement at that threshold), otherwise <see cref="PairDurationsConcordant"/>.
    /// </summary>
    public bool? ConcordantAt(ReliefThreshold threshold) =>
        PairConcordanceByThreshold is { } byThreshold
            ? byThreshold.At(threshold.Percent)
            : PairDurationsConcordant;
}

/// <summary>
/// A comparative pair's concordance judged at each of a list of thresholds: the list is shared by every case of a
/// data set and each case holds only its judgements (100,000 cases of a report each holding a dictionary cost memory
/// the report benchmark's limit does not have).
/// </summary>
/// <param name="Thresholds">The thresholds in percent, shared by the cases of one data set.</param>
/// <param name="Concordant">The judgement at each of <paramref name="Thresholds"/>, in order; null where the pair cannot be compared.</param>
public sealed record PairConcordanceByThreshold(IReadOnlyList<int> Thresholds, IReadOnlyList<bool?> Concordant)
{
    /// <summary>The judgement at a threshold; null when none was recorded at it.</summary>
    public bool? At(int percent)
    {
        for (var i = 0; i < Thresholds.Count && i < Concordant.Count; i++)
        {
            if (Thresholds[i] == percent)
            {
                return Concordant[i];
            }
        }
        return null;
    }
}
