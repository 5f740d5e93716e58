namespace ProcedureRegistry.Domain.Clinical;

public enum BlockClassification { Positive, Negative, Indeterminate }

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
