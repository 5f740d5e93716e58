namespace ProcedureRegistry.Domain.Clinical;

public enum BlockTechnique { IntraArticular, MedialBranch }

public enum BlockAgent { Lidocaine, Bupivacaine, Ropivacaine, Saline }

/// <summary>How long relief is expected to last; comparative blocks rely on the difference (clinical-reference §3).</summary>
public enum AgentDuration { Short, Long, Placebo }

public enum BlockSequence { Single, FirstOfComparativePair, Confirmatory, PlaceboControlled }

public enum BlockClassification { Positive, Negative, Indeterminate }

public static class BlockAgentExtensions
{
    /// <summary>Lidocaine about 1–2 h (short); bupivacaine and ropivacaine 3–6 h or more (long); saline none.</summary>
    public static AgentDuration ExpectedDuration(this BlockAgent agent) => agent switch
    {
        BlockAgent.Lidocaine => AgentDuration.Short,
        BlockAgent.Bupivacaine or BlockAgent.Ropivacaine => AgentDuration.Long,
        BlockAgent.Saline => AgentDuration.Placebo,
        _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, null),
    };
}

/// <summary>A pain score (0–10) at a time after the block.</summary>
public sealed record DiaryEntry(TimeSpan After, int Pain);

/// <summary>The pain diary after a diagnostic block: the score before, then scores at times after.</summary>
public sealed record PainDiary(int PrePain, IReadOnlyList<DiaryEntry> Entries, bool? TendernessAbolished = null)
{
    /// <summary>The default diary times of clinical-reference §3; clinics may configure their own.</summary>
    public static IReadOnlyList<TimeSpan> StandardTimes { get; } =
    [
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(4),
        TimeSpan.FromHours(6), TimeSpan.FromHours(8), TimeSpan.FromHours(24),
    ];
}

/// <summary>
/// What a pain diary shows against the threshold. <see cref="DurationAtThreshold"/> is the time until relief last
/// fell below the threshold; when relief was still at or above it at the last score, that score's time is only a
/// lower bound (<see cref="DurationIsLowerBound"/>).
/// </summary>
public sealed record BlockResult(
    BlockClassification Classification,
    decimal? PeakReliefPercent,
    TimeSpan? PeakAt,
    TimeSpan? DurationAtThreshold,
    bool DurationIsLowerBound,
    IReadOnlyList<(TimeSpan After, decimal? Relief)> ReliefByTime,
    string Explanation);
