namespace ProcedureRegistry.Domain.Analysis;

/// <summary>Control limits of a funnel plot at one sample size; null when n = 0.</summary>
public sealed record FunnelLimits(int Total, double Target, Interval? Limits95, Interval? Limits998);

/// <summary>
/// Funnel-plot control limits for a proportion (Spiegelhalter 2005, Stat Med 24:1185), by the normal
/// approximation: target ± z·√(target(1−target)/n), with z = 1.959964 (95%) and 3.090232 (99.8%), clipped to
/// [0, 1]. Spiegelhalter's exact binomial limits differ little once n reaches about 20; the approximation is
/// stated on the report.
/// </summary>
public static class FunnelPlot
{
    public static FunnelLimits Limits(double target, int total)
    {
        if (!double.IsFinite(target) || target is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The target proportion must be from 0 to 1.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (total == 0)
        {
            return new(total, target, null, null);
        }
        var se = Math.Sqrt(target * (1 - target) / total);
        return new(total, target, Around(target, Confidence.Z95 * se), Around(target, Confidence.Z998 * se));
    }

    /// <summary>The limits at each of the given sample sizes, to draw the funnel.</summary>
    public static IReadOnlyList<FunnelLimits> Curve(double target, IEnumerable<int> totals) =>
        [.. totals.Select(n => Limits(target, n))];

    private static Interval Around(double target, double halfWidth) =>
        new(Math.Max(0, target - halfWidth), Math.Min(1, target + halfWidth));
}
