namespace ProcedureRegistry.Domain.Clinical;

public enum PairConcordance { Concordant, DiscordantPositive, Negative, FalsePositiveSingle, Indeterminate }

public enum PlaceboOutcome { Confirmed, PlaceboResponder, Negative, Indeterminate }

/// <summary>The outcome of a comparative pair with the sentence that explains it.</summary>
public sealed record PairComparison(PairConcordance Outcome, string Explanation);

/// <summary>Diagnostic block rules of clinical-reference §3.</summary>
public static class BlockRules
{
    /// <summary>A diary with no score in this window after the block is too sparse to classify.</summary>
    public static readonly TimeSpan EarlyWindow = TimeSpan.FromHours(2);

    /// <summary>(pre − post) / pre × 100, to one decimal; negative when pain increased; null when pre is 0.</summary>
    public static decimal? PercentRelief(int pre, int post)
    {
        CheckPain(pre, nameof(pre));
        CheckPain(post, nameof(post));
        if (pre == 0)
        {
            return null;
        }
        return Math.Round((pre - post) * 100m / pre, 1, MidpointRounding.AwayFromZero);
    }

    public static BlockResult Analyse(PainDiary diary, ReliefThreshold threshold)
    {
        ArgumentNullException.ThrowIfNull(diary);
        CheckPain(diary.PrePain, nameof(diary.PrePain));
        var entries = diary.Entries.OrderBy(e => e.After).ToList();
        foreach (var entry in entries)
        {
            if (entry.After < TimeSpan.Zero)
            {
                throw new ArgumentException($"A diary time cannot be before the block ({entry.After}).", nameof(diary));
            }
            CheckPain(entry.Pain, nameof(diary));
        }
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].After == entries[i - 1].After)
            {
                throw new ArgumentException($"The diary has two scores at {ClinicalText.Time(entries[i].After)}.", nameof(diary));
            }
        }

        List<(TimeSpan After, decimal? Relief)> relief = [.. entries.Select(e => (e.After, PercentRelief(diary.PrePain, e.Pain)))];
        var tenderness = diary.TendernessAbolished switch
        {
            true => " Palpation tenderness was abolished.",
            false => " Palpation tenderness was not abolished.",
            null => "",
        };

        if (diary.PrePain == 0)
        {
            return new(BlockClassification.Indeterminate, null, null, null, false, relief,
                "Indeterminate: pain before the block was 0, so relief cannot be computed." + tenderness);
        }

        // With pre-pain above 0 every relief is known; the first time the peak was reached is reported.
        (TimeSpan At, decimal Relief)? peak = null;
        foreach (var (after, value) in relief)
        {
            if (peak is null || value > peak.Value.Relief)
            {
                peak = (after, value!.Value);
            }
        }

        if (!entries.Any(e => e.After <= EarlyWindow))
        {
            return new(BlockClassification.Indeterminate, peak?.Relief, peak?.At, null, false, relief,
                $"Indeterminate: no pain score in the first {ClinicalText.Time(EarlyWindow)} after the block, so the diary is too sparse to decide."
                + tenderness);
        }

        var (peakAt, peakRelief) = peak!.Value;
        if (!threshold.IsMetBy(peakRelief))
        {
            var what = peakRelief <= 0
                ? "no relief at any time"
                : $"peak relief {ClinicalText.Percent(peakRelief)} at {ClinicalText.Time(peakAt)}";
            return new(BlockClassification.Negative, peakRelief, peakAt, null, false, relief,
                $"Negative: {what}, below the {threshold} threshold." + tenderness);
        }

        var lastMet = relief.FindLastIndex(r => threshold.IsMetBy(r.Relief));
        var lowerBound = lastMet == relief.Count - 1;
        var duration = lowerBound ? relief[lastMet].After : relief[lastMet + 1].After;
        var lasted = lowerBound
            ? $"relief was still at or above the threshold at the last score, so it lasted at least {ClinicalText.Time(duration)}"
            : $"relief fell below the threshold by {ClinicalText.Time(duration)}";
        return new(BlockClassification.Positive, peakRelief, peakAt, duration, lowerBound, relief,
            $"Positive: peak relief {ClinicalText.Percent(peakRelief)} at {ClinicalText.Time(peakAt)} reaches the {threshold} threshold; {lasted}."
            + tenderness);
    }

    public static PairConcordance ComparePair(BlockAgent firstAgent, BlockResult first, BlockAgent secondAgent, BlockResult second) =>
        EvaluatePair(firstAgent, first, secondAgent, second).Outcome;

    /// <summary>
    /// A comparative (dual) pair: the first block and the confirmatory block on another day, one short- and one
    /// long-acting agent (clinical-reference §3).
    /// </summary>
    public static PairComparison EvaluatePair(BlockAgent firstAgent, BlockResult first, BlockAgent secondAgent, BlockResult second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Classification == BlockClassification.Indeterminate || second.Classification == BlockClassification.Indeterminate)
        {
            return new(PairConcordance.Indeterminate,
                "Indeterminate: one of the two blocks is indeterminate, so the pair cannot be judged.");
        }

        var (firstDuration, secondDuration) = (firstAgent.ExpectedDuration(), secondAgent.ExpectedDuration());
        // Saline against an anesthetic is a placebo-controlled pair (ComparePlacebo), not a comparative one: read as a
        // comparative pair, a negative saline block would wrongly count as a false-positive single block.
        if (firstDuration == AgentDuration.Placebo || secondDuration == AgentDuration.Placebo)
        {
            return new(PairConcordance.Indeterminate,
                "Indeterminate: saline is a placebo, not a comparator; judge this pair as a placebo-controlled block.");
        }
        if (firstDuration == secondDuration)
        {
            return new(PairConcordance.Indeterminate,
                $"Indeterminate: {ClinicalText.Describe(firstAgent)} and {ClinicalText.Describe(secondAgent)} are both {Words(firstDuration)}-acting, so the durations of relief "
                + "cannot be compared; a comparative pair needs one short- and one long-acting agent.");
        }

        if (first.Classification == BlockClassification.Negative)
        {
            return new(PairConcordance.Negative, "Negative: the first block was negative.");
        }
        if (second.Classification == BlockClassification.Negative)
        {
            return new(PairConcordance.FalsePositiveSingle,
                "False-positive single block: the first block was positive but the confirmatory block was negative.");
        }

        var (shortAgent, shortResult, longAgent, longResult) = firstDuration == AgentDuration.Short
            ? (firstAgent, first, secondAgent, second)
            : (secondAgent, second, firstAgent, first);
        if (shortResult.DurationAtThreshold is not { } shortLasted || longResult.DurationAtThreshold is not { } longLasted)
        {
            return new(PairConcordance.Indeterminate,
                "Indeterminate: both blocks are positive but a duration of relief is missing, so they cannot be compared.");
        }

        // A lower bound (relief still above the threshold at the last score) at or beyond the short-acting
        // block's duration means the long-acting block lasted at least as long and probably longer.
        var lastedLonger = longLasted > shortLasted || (longResult.DurationIsLowerBound && longLasted >= shortLasted);
        var durations = $"{ClinicalText.Describe(longAgent)} {Lasted(longResult)}, {ClinicalText.Describe(shortAgent)} {Lasted(shortResult)}";
        return lastedLonger
            ? new(PairConcordance.Concordant,
                $"Concordant: both blocks positive and relief lasted longer with the long-acting agent ({durations}).")
            : new(PairConcordance.DiscordantPositive,
                $"Discordant but positive: both blocks positive, but relief did not last longer with the long-acting agent ({durations}).");
    }

    /// <summary>A placebo-controlled pair: the same target blocked with an anesthetic and with saline.</summary>
    public static PlaceboOutcome ComparePlacebo(BlockResult anesthetic, BlockResult saline)
    {
        ArgumentNullException.ThrowIfNull(anesthetic);
        ArgumentNullException.ThrowIfNull(saline);
        return (anesthetic.Classification, saline.Classification) switch
        {
            (BlockClassification.Negative, _) => PlaceboOutcome.Negative,
            (BlockClassification.Positive, BlockClassification.Negative) => PlaceboOutcome.Confirmed,
            (BlockClassification.Positive, BlockClassification.Positive) => PlaceboOutcome.PlaceboResponder,
            _ => PlaceboOutcome.Indeterminate,
        };
    }

    public static string Describe(BlockClassification classification) => classification switch
    {
        BlockClassification.Positive => "Positive: peak relief reached the threshold.",
        BlockClassification.Negative => "Negative: peak relief stayed below the threshold.",
        BlockClassification.Indeterminate => "Indeterminate: the diary cannot decide (no pain before the block, or no score in the first 2 hours).",
        _ => throw new ArgumentOutOfRangeException(nameof(classification), classification, null),
    };

    public static string Describe(PairConcordance outcome) => outcome switch
    {
        PairConcordance.Concordant => "Concordant: both blocks positive, and relief lasted longer with the long-acting agent.",
        PairConcordance.DiscordantPositive => "Discordant but positive: both blocks positive, but relief did not last longer with the long-acting agent.",
        PairConcordance.Negative => "Negative: the first block did not relieve the pain.",
        PairConcordance.FalsePositiveSingle => "False-positive single block: the first block was positive but the confirmatory block was negative.",
        PairConcordance.Indeterminate => "Indeterminate: the pair cannot be judged (an indeterminate block, or agents that do not differ in expected duration).",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static string Describe(PlaceboOutcome outcome) => outcome switch
    {
        PlaceboOutcome.Confirmed => "Confirmed: relief with the local anesthetic and none with saline.",
        PlaceboOutcome.PlaceboResponder => "Placebo responder: relief with saline as well as with the anesthetic, so the block does not confirm the level.",
        PlaceboOutcome.Negative => "Negative: the anesthetic block did not relieve the pain.",
        PlaceboOutcome.Indeterminate => "Indeterminate: one of the blocks could not be judged.",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static void CheckPain(int pain, string paramName)
    {
        if (pain is < ProcedureLimits.PainMin or > ProcedureLimits.PainMax)
        {
            throw new ArgumentOutOfRangeException(paramName, pain,
                $"Pain is scored from {ProcedureLimits.PainMin} to {ProcedureLimits.PainMax}.");
        }
    }

    private static string Words(AgentDuration duration) => duration == AgentDuration.Short ? "short" : "long";

    private static string Lasted(BlockResult result) =>
        (result.DurationIsLowerBound ? "at least " : "") + ClinicalText.Time(result.DurationAtThreshold!.Value);
}
