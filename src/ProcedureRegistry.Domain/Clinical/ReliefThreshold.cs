namespace ProcedureRegistry.Domain.Clinical;

/// <summary>
/// The peak relief, in whole percent, that makes a diagnostic block positive: a clinic setting from 50 to 90.
/// </summary>
/// <remarks>
/// The default is 80% because the Spine Intervention Society guidelines for controlled blocks use it; 50% is
/// widely used in practice and trials, and studies disagree on which selects patients who do better after RF
/// (clinical-reference §3), so the clinic chooses and the reports compare.
/// </remarks>
public readonly record struct ReliefThreshold
{
    public const int MinPercent = 50;
    public const int MaxPercent = 90;
    public const int DefaultPercent = 80;

    // Stored as the distance from the default so that default(ReliefThreshold) is the 80% default, not an invalid 0%.
    private readonly int _aboveDefault;

    private ReliefThreshold(int percent) => _aboveDefault = percent - DefaultPercent;

    public int Percent => DefaultPercent + _aboveDefault;

    public static ReliefThreshold Fifty { get; } = new(50);
    public static ReliefThreshold Eighty { get; } = new(80);
    public static ReliefThreshold Default => Eighty;

    public static bool IsValid(int percent) => percent is >= MinPercent and <= MaxPercent;

    public static bool TryCreate(int percent, out ReliefThreshold threshold)
    {
        threshold = IsValid(percent) ? new(percent) : Default;
        return IsValid(percent);
    }

    public static ReliefThreshold Create(int percent) =>
        TryCreate(percent, out var threshold)
            ? threshold
            : throw new ArgumentOutOfRangeException(nameof(percent), percent,
                $"The relief threshold must be a whole percent from {MinPercent} to {MaxPercent}.");

    /// <summary>True when the relief reaches the threshold; unknown relief never does.</summary>
    public bool IsMetBy(decimal? reliefPercent) => reliefPercent >= Percent;

    public override string ToString() => $"{Percent}%";
}
