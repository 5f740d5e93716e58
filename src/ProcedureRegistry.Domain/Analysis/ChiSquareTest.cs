namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// A Pearson chi-square test of independence. Null parts are not estimable (fewer than two non-empty rows or
/// columns). <see cref="AnyExpectedBelowFive"/> warns that the chi-square approximation is rough; for a 2×2 table
/// <see cref="FisherExactP"/> is then the p-value to quote.
/// </summary>
public sealed record ChiSquareResult(
    int Total,
    int Rows,
    int Columns,
    double? Statistic,
    int? DegreesOfFreedom,
    double? P,
    double? CramersV,
    Interval? CramersVInterval,
    double? MinimumExpected,
    bool AnyExpectedBelowFive,
    bool EmptyRowsOrColumnsDropped,
    double? FisherExactP)
{
    public bool IsEstimable => Statistic is not null;
}

/// <summary>
/// Pearson's chi-square for an r × c table, without continuity correction: Σ (O − E)² / E with E = row × column / n,
/// df = (r − 1)(c − 1), p from the regularized upper incomplete gamma; Cramér's V = √(χ² / (n (min(r, c) − 1)))
/// (Agresti, Categorical Data Analysis, 3rd ed., §2.4; Cramér 1946). Rows and columns with no observations carry no
/// information and are dropped first (flagged). Fisher's exact p is added for 2×2 tables; an r × c exact test is
/// not implemented.
/// <para>
/// The 95% interval for V inverts the noncentral chi-square distribution (Smithson 2003, Confidence Intervals, Sage,
/// ch. 7): with λ_low, λ_high the limits of <see cref="NoncentralChiSquare.NoncentralityLimits"/> for the observed
/// χ² and df, the bounds are √(λ / (n (min(r, c) − 1))), the upper one capped at 1. This is the formula of R's
/// effectsize (<c>chisq_to_cramers_v</c>: φ = √(λ / n), V = φ / √(min(r, c) − 1)) with
/// <c>alternative = "two.sided"</c> (its default is a one-sided interval), and of statpsych's <c>ci.cramer</c>,
/// whose documented example (χ² = 19.21, 2 × 3, n = 200: V 0.3099, 0.1601 to 0.4417) the tests reproduce. The
/// lower bound is 0 exactly when the chi-square test's p is at least 0.025. The interval need not contain the
/// sample V: V itself is biased upwards (E[χ²] = df + λ), so a χ² well below its df (many cells, little association)
/// gives an interval that lies wholly below V.
/// </para>
/// </summary>
public static class ChiSquareTest
{
    public static ChiSquareResult Compute(int[,] table)
    {
        foreach (var count in table)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(table));
        }
        var keptRows = Enumerable.Range(0, table.GetLength(0))
            .Where(i => Enumerable.Range(0, table.GetLength(1)).Any(j => table[i, j] > 0)).ToArray();
        var keptColumns = Enumerable.Range(0, table.GetLength(1))
            .Where(j => Enumerable.Range(0, table.GetLength(0)).Any(i => table[i, j] > 0)).ToArray();
        var dropped = keptRows.Length < table.GetLength(0) || keptColumns.Length < table.GetLength(1);
        int r = keptRows.Length, c = keptColumns.Length;
        var n = 0;
        foreach (var count in table)
        {
            n += count;
        }
        if (r < 2 || c < 2)
        {
            return new(n, r, c, null, null, null, null, null, null, false, dropped, null);
        }
        var rowTotals = keptRows.Select(i => keptColumns.Sum(j => (double)table[i, j])).ToArray();
        var columnTotals = keptColumns.Select(j => keptRows.Sum(i => (double)table[i, j])).ToArray();
        double statistic = 0, minimumExpected = double.MaxValue;
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                var expected = rowTotals[i] * columnTotals[j] / n;
                minimumExpected = Math.Min(minimumExpected, expected);
                var deviation = table[keptRows[i], keptColumns[j]] - expected;
                statistic += deviation * deviation / expected;
            }
        }
        var df = (r - 1) * (c - 1);
        double? fisher = r == 2 && c == 2
            ? FisherExact.TwoSidedP(new(
                table[keptRows[0], keptColumns[0]], table[keptRows[0], keptColumns[1]],
                table[keptRows[1], keptColumns[0]], table[keptRows[1], keptColumns[1]]))
            : null;
        var scale = (double)n * (Math.Min(r, c) - 1);
        double V(double chiSquare) => Math.Min(1, Math.Sqrt(chiSquare / scale));
        var limits = NoncentralChiSquare.NoncentralityLimits(statistic, df);
        return new(n, r, c, statistic, df, SpecialFunctions.ChiSquareUpperTail(statistic, df),
            V(statistic), new Interval(V(limits.Lower), V(limits.Upper)), minimumExpected, minimumExpected < 5, dropped, fisher);
    }
}
