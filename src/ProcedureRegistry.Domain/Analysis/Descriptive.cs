using static System.FormattableString;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>Median and quartiles of a sample; all null when the sample is empty.</summary>
public sealed record MedianAndQuartiles(int Count, double? Median, double? LowerQuartile, double? UpperQuartile)
{
    public double? InterquartileRange => UpperQuartile - LowerQuartile;

    public override string ToString() =>
        Median is { } median
            ? Invariant($"median {median:0.#} (IQR {LowerQuartile:0.#}–{UpperQuartile:0.#}), n = {Count}")
            : $"n = {Count}: not estimable";
}

/// <summary>
/// Descriptive statistics. Quantiles by Hyndman &amp; Fan (1996, Am Stat 50:361) definition 7, linear interpolation
/// between order statistics at h = (n − 1)p (R's and Excel's default): for 1, 2, 3, 4 the quartiles are 1.75 and 3.25.
/// </summary>
public static class Descriptive
{
    public static MedianAndQuartiles MedianAndQuartiles(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        if (sorted.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Values must be finite numbers.", nameof(values));
        }
        Array.Sort(sorted);
        return sorted.Length == 0
            ? new(0, null, null, null)
            : new(sorted.Length, Quantile(sorted, 0.5), Quantile(sorted, 0.25), Quantile(sorted, 0.75));
    }

    /// <summary>
    /// The same median and quartiles from a frequency table (value, how many times it occurs), for whole-number
    /// scores such as pain 0–10 that PostgreSQL counts instead of shipping every score: the k-th order statistic is
    /// read from cumulative counts, so the result is exactly that of the expanded sample.
    /// </summary>
    public static MedianAndQuartiles MedianAndQuartilesOfCounts(IEnumerable<(double Value, long Count)> frequencies)
    {
        var table = frequencies.Where(f => f.Count != 0).OrderBy(f => f.Value).ToArray();
        if (table.Any(f => f.Count < 0 || !double.IsFinite(f.Value)))
        {
            throw new ArgumentException("Counts must not be negative and values must be finite numbers.", nameof(frequencies));
        }
        var n = table.Sum(f => f.Count);
        if (n == 0)
        {
            return new(0, null, null, null);
        }
        double OrderStatistic(long k) // 0-based
        {
            long seen = 0;
            foreach (var (value, count) in table)
            {
                seen += count;
                if (k < seen)
                {
                    return value;
                }
            }
            return table[^1].Value;
        }
        double At(double probability)
        {
            var h = (n - 1) * probability;
            var below = (long)Math.Floor(h);
            var low = OrderStatistic(below);
            return low + (h - below) * (OrderStatistic(Math.Min(below + 1, n - 1)) - low);
        }
        return new((int)Math.Min(n, int.MaxValue), At(0.5), At(0.25), At(0.75));
    }

    /// <summary>Hyndman–Fan type 7 quantile of an ascending, non-empty sample.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double probability)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("A quantile needs at least one value.", nameof(sorted));
        }
        if (probability is < 0 or > 1 || double.IsNaN(probability))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability is from 0 to 1.");
        }
        var h = (sorted.Count - 1) * probability;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
