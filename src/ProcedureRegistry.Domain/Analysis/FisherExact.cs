namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// Fisher's exact test for a 2×2 table, two-sided by the "no more likely than observed" rule (Agresti,
/// Categorical Data Analysis, 3rd ed., §3.5.1; the rule of R's fisher.test): the p-value sums the hypergeometric
/// probabilities, margins fixed, of every table whose probability is at most the observed one's × (1 + 1e-7),
/// the relative tolerance keeping tables tied with the observed one from being lost to rounding. Not provided for
/// r × c tables: use <see cref="ChiSquareTest"/> there.
/// </summary>
public static class FisherExact
{
    private const double RelativeTolerance = 1e-7;

    /// <summary>The two-sided p-value; 1 when the table is empty or a margin is zero (only one table is possible).</summary>
    public static double TwoSidedP(TwoByTwo table)
    {
        var (a, b, c, d) = (table.TruePositive, table.FalsePositive, table.FalseNegative, table.TrueNegative);
        ArgumentOutOfRangeException.ThrowIfNegative(Math.Min(Math.Min(a, b), Math.Min(c, d)), nameof(table));
        int n = a + b + c + d, row1 = a + b, column1 = a + c;
        int lowest = Math.Max(0, row1 + column1 - n), highest = Math.Min(row1, column1);
        if (lowest == highest)
        {
            return 1;
        }
        // log P(X = x) = log C(col1, x) + log C(n − col1, row1 − x) − log C(n, row1)
        var logDenominator = SpecialFunctions.LogChoose(n, row1);
        double LogProbability(int x) =>
            SpecialFunctions.LogChoose(column1, x) + SpecialFunctions.LogChoose(n - column1, row1 - x) - logDenominator;

        var observed = LogProbability(a);
        var cutoff = observed + double.LogP1(RelativeTolerance);
        var p = 0.0;
        for (var x = lowest; x <= highest; x++)
        {
            var logP = LogProbability(x);
            if (logP <= cutoff)
            {
                p += Math.Exp(logP);
            }
        }
        return Math.Min(1, p);
    }
}
