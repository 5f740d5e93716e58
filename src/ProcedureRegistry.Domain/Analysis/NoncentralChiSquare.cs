namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// The noncentral chi-square distribution, and the confidence limits for its noncentrality parameter λ obtained by
/// inverting it, from which the interval for Cramér's V is made (<see cref="ChiSquareTest"/>).
/// </summary>
public static class NoncentralChiSquare
{
    /// <summary>Poisson weights below this are ignored: the terms they carry are at most this large.</summary>
    private const double NegligibleWeight = 1e-17;

    /// <summary>
    /// P(X ≤ <paramref name="x"/>) for X noncentral chi-square with <paramref name="degreesOfFreedom"/> and
    /// noncentrality <paramref name="noncentrality"/>: the Poisson(λ/2)-weighted mixture of central chi-square
    /// distribution functions, Σ_j e^(−λ/2) (λ/2)^j / j! · P(k/2 + j, x/2) with P the regularized lower incomplete
    /// gamma (Johnson, Kotz &amp; Balakrishnan, Continuous Univariate Distributions vol. 2, 2nd ed., §29.3). The sum
    /// starts at the Poisson mode and walks both ways until the weights are negligible, so a large λ neither
    /// underflows nor needs thousands of terms from j = 0. Accurate to about 1e-14 absolute.
    /// </summary>
    public static double Cdf(double x, double degreesOfFreedom, double noncentrality)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        ArgumentOutOfRangeException.ThrowIfNegative(noncentrality);
        if (x <= 0)
        {
            return 0;
        }
        if (noncentrality == 0)
        {
            return CentralCdf(x, degreesOfFreedom, 0);
        }
        var half = noncentrality / 2;
        var logHalf = Math.Log(half);
        double Weight(int j) => Math.Exp(-half + j * logHalf - SpecialFunctions.LogGamma(j + 1.0));
        var mode = (int)Math.Floor(half);
        var sum = 0.0;
        // From the mode upwards the weights and the central distribution functions both decrease.
        for (var j = mode; ; j++)
        {
            var weight = Weight(j);
            var term = weight * CentralCdf(x, degreesOfFreedom, j);
            sum += term;
            if (weight < NegligibleWeight || term < NegligibleWeight * sum)
            {
                break;
            }
        }
        // Below the mode the weights decrease towards j = 0.
        for (var j = mode - 1; j >= 0; j--)
        {
            var weight = Weight(j);
            sum += weight * CentralCdf(x, degreesOfFreedom, j);
            if (weight < NegligibleWeight)
            {
                break;
            }
        }
        return Math.Clamp(sum, 0, 1);
    }

    /// <summary>P(χ²_(k + 2j) ≤ x) = P(k/2 + j, x/2).</summary>
    private static double CentralCdf(double x, double degreesOfFreedom, int j) =>
        1 - SpecialFunctions.RegularizedUpperGamma(degreesOfFreedom / 2 + j, x / 2);

    /// <summary>
    /// The two-sided <paramref name="level"/> confidence limits for λ given an observed statistic: λ_low with
    /// P(X ≤ χ² | df, λ_low) = (1 + level) / 2 and λ_high with P(X ≤ χ² | df, λ_high) = (1 − level) / 2, each 0 when
    /// even λ = 0 leaves the probability at or below its target (the distribution function decreases in λ). Found by
    /// bisection on a bracket that is doubled until it holds the root, to a relative width of 1e-12. This is the
    /// noncentrality method of Smithson (2003, Confidence Intervals, Sage) and Steiger (2004), as R's effectsize
    /// (<c>.get_ncp_chi</c>) and statpsych (<c>ci.cramer</c>) compute it.
    /// </summary>
    public static Interval NoncentralityLimits(double chiSquare, int degreesOfFreedom, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chiSquare);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be between 0 and 1.");
        }
        var tail = (1 - level) / 2;
        return new(Noncentrality(chiSquare, degreesOfFreedom, 1 - tail), Noncentrality(chiSquare, degreesOfFreedom, tail));
    }

    /// <summary>The λ with P(X ≤ χ² | df, λ) = <paramref name="probability"/>, or 0 when λ = 0 already gives no more than it.</summary>
    private static double Noncentrality(double chiSquare, int degreesOfFreedom, double probability)
    {
        double F(double lambda) => Cdf(chiSquare, degreesOfFreedom, lambda);
        if (F(0) <= probability)
        {
            return 0;
        }
        double lower = 0, upper = Math.Max(1, chiSquare);
        while (F(upper) > probability)
        {
            lower = upper;
            upper *= 2;
        }
        for (var i = 0; i < 200 && upper - lower > 1e-12 * upper; i++)
        {
            var middle = (lower + upper) / 2;
            if (F(middle) > probability)
            {
                lower = middle;
            }
            else
            {
                upper = middle;
            }
        }
        return (lower + upper) / 2;
    }
}
