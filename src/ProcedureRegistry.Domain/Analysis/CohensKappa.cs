namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// Agreement of two ratings over k categories. Null parts are not estimable: no observations, or expected
/// agreement of 1 (both raters used one category only).
/// </summary>
public sealed record KappaResult(
    int Total,
    double? ObservedAgreement,
    double? ExpectedAgreement,
    double? Kappa,
    double? StandardError,
    Interval? Interval)
{
    public bool IsEstimable => Kappa is not null;
}

/// <summary>
/// Cohen's kappa (Cohen 1960) for a k × k table, rows one rater and columns the other (here imaging-suggested
/// level against block-confirmed level), with the large-sample standard error of Fleiss, Cohen and Everitt 1969
/// (Psychol Bull 72:323), the one meant for intervals (not the standard error under the null), and the 95%
/// Wald interval κ ± 1.959964·SE clipped to [−1, 1].
/// </summary>
public static class CohensKappa
{
    public static KappaResult Compute(int[,] table)
    {
        var k = table.GetLength(0);
        if (k != table.GetLength(1))
        {
            throw new ArgumentException("Kappa needs a square table: the same categories for both ratings.", nameof(table));
        }
        var n = 0.0;
        foreach (var count in table)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(table));
            n += count;
        }
        if (n == 0)
        {
            return new(0, null, null, null, null, null);
        }
        var rows = new double[k];
        var columns = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                rows[i] += table[i, j] / n;
                columns[j] += table[i, j] / n;
            }
        }
        double observed = 0, expected = 0;
        for (var i = 0; i < k; i++)
        {
            observed += table[i, i] / n;
            expected += rows[i] * columns[i];
        }
        if (expected >= 1 - 1e-12)
        {
            return new((int)n, observed, expected, null, null, null);
        }
        var kappa = (observed - expected) / (1 - expected);

        // Fleiss, Cohen & Everitt 1969: Var(κ) = (A + B − C) / (n (1 − pe)²)
        double a = 0, b = 0;
        for (var i = 0; i < k; i++)
        {
            a += table[i, i] / n * Square(1 - (rows[i] + columns[i]) * (1 - kappa));
            for (var j = 0; j < k; j++)
            {
                if (i != j)
                {
                    b += table[i, j] / n * Square(columns[i] + rows[j]);
                }
            }
        }
        b *= Square(1 - kappa);
        var c = Square(kappa - expected * (1 - kappa));
        var se = Math.Sqrt(Math.Max(0, a + b - c) / n) / (1 - expected);
        var halfWidth = Confidence.Z95 * se;
        return new((int)n, observed, expected, kappa, se,
            new(Math.Max(-1, kappa - halfWidth), Math.Min(1, kappa + halfWidth)));
    }

    private static double Square(double x) => x * x;
}
