namespace ProcedureRegistry.Domain.Analysis;

/// <summary>Proportions, their intervals, and the difference of two proportions.</summary>
public static class Proportions
{
    /// <summary>x/n with the 95% Wilson score and Clopper–Pearson intervals; not estimable when n = 0.</summary>
    public static ProportionEstimate Estimate(int successes, int total)
    {
        Check(successes, total);
        return total == 0
            ? new(successes, total, null, null, null)
            : new(successes, total, (double)successes / total, Wilson(successes, total), ClopperPearson(successes, total));
    }

    /// <summary>
    /// Wilson score interval without continuity correction (Wilson 1927; Newcombe 1998, Stat Med 17:857, method 3):
    /// (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n). Null when n = 0.
    /// </summary>
    public static Interval? Wilson(int successes, int total, double z = Confidence.Z95)
    {
        Check(successes, total);
        if (total == 0)
        {
            return null;
        }
        double n = total, p = successes / n, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var halfWidth = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // The bounds are exactly 0 at x = 0 and 1 at x = n; rounding must not push them past.
        return new(
            successes == 0 ? 0 : Math.Max(0, centre - halfWidth),
            successes == total ? 1 : Math.Min(1, centre + halfWidth));
    }

    /// <summary>
    /// Exact (Clopper–Pearson 1934) interval, central, 95% by default: lower = B⁻¹(α/2; x, n−x+1), upper =
    /// B⁻¹(1−α/2; x+1, n−x), with the beta quantile from <see cref="SpecialFunctions.InverseRegularizedIncompleteBeta"/>.
    /// Conservative; reported beside Wilson where n is small. Null when n = 0.
    /// </summary>
    public static Interval? ClopperPearson(int successes, int total, double alpha = 0.05)
    {
        Check(successes, total);
        if (total == 0)
        {
            return null;
        }
        var lower = successes == 0
            ? 0
            : SpecialFunctions.InverseRegularizedIncompleteBeta(alpha / 2, successes, total - successes + 1);
        var upper = successes == total
            ? 1
            : SpecialFunctions.InverseRegularizedIncompleteBeta(1 - alpha / 2, successes + 1, total - successes);
        return new(lower, upper);
    }

    /// <summary>
    /// First minus second proportion with Newcombe's hybrid score interval (Newcombe 1998, Stat Med 17:873,
    /// method 10): from the Wilson limits (l₁, u₁) and (l₂, u₂), lower = d − √((p₁−l₁)² + (u₂−p₂)²), upper =
    /// d + √((u₁−p₁)² + (p₂−l₂)²). Not estimable when either group is empty.
    /// </summary>
    public static DifferenceEstimate Difference(int successes1, int total1, int successes2, int total2)
    {
        var first = Estimate(successes1, total1);
        var second = Estimate(successes2, total2);
        if (first is not { Value: { } p1, Wilson: { } w1 } || second is not { Value: { } p2, Wilson: { } w2 })
        {
            return new(first, second, null, null);
        }
        var d = p1 - p2;
        var lower = d - Math.Sqrt(Square(p1 - w1.Lower) + Square(w2.Upper - p2));
        var upper = d + Math.Sqrt(Square(w1.Upper - p1) + Square(p2 - w2.Lower));
        return new(first, second, d, new(Math.Max(-1, lower), Math.Min(1, upper)));
    }

    private static double Square(double x) => x * x;

    internal static void Check(int successes, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, total);
    }
}
