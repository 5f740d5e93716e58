using System.Globalization;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>Where a 95% interval lies against a limit.</summary>
public enum IntervalPosition
{
    /// <summary>The upper bound is below the limit.</summary>
    Below,
    /// <summary>The lower bound is below the limit and the upper bound reaches it.</summary>
    Straddles,
    /// <summary>The lower bound reaches (is at or above) the limit.</summary>
    Reaches,
}

/// <summary>
/// The one comparison a verdict rests on: an interval against a limit. The verdict and the words of its reason are
/// both read from <see cref="Position"/>, so a reason cannot say "the interval includes zero" of an interval that
/// does not (issue 11, the second defect). The bounds are written with as many decimals as it takes for the
/// written bound to fall on the same side of the written limit as the bound itself: "the upper bound is below 10%"
/// never sits beside an upper bound written "10%".
/// </summary>
public sealed record IntervalJudgement(Interval Interval, double Limit, IntervalPosition Position)
{
    public static IntervalJudgement Of(Interval interval, double limit)
    {
        if (!double.IsFinite(limit))
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit of a verdict must be a finite number.");
        }
        return new(interval, limit,
            interval.Upper < limit ? IntervalPosition.Below
            : interval.Lower >= limit ? IntervalPosition.Reaches
            : IntervalPosition.Straddles);
    }

    /// <summary>"95% CI 1.07 to 1.27", each bound written so that it compares with the written limit as it does with the limit.</summary>
    public string IntervalText(NumberStyle style) =>
        $"95% CI {style.Against(Interval.Lower, Limit)} to {style.Against(Interval.Upper, Limit)}";

    /// <summary>What the position means in words, naming the limit: "the upper bound is below 5".</summary>
    public string PositionText(NumberStyle style, string? limitName = null)
    {
        var limit = limitName is null ? style.FormatLimit(Limit) : $"{limitName} = {style.FormatLimit(Limit)}";
        return Position switch
        {
            IntervalPosition.Below => $"the upper bound is below {limit}",
            IntervalPosition.Reaches => $"the lower bound reaches {limit}",
            _ => $"the interval straddles {limit}",
        };
    }
}

/// <summary>How a number of a reason is written: as a ratio ("1.18") or a percentage ("66.4%").</summary>
public sealed record NumberStyle(double Scale, int Decimals, bool TrimZeros, string Suffix)
{
    /// <summary>Likelihood ratios, kappa, Cramér's V: two decimals.</summary>
    public static NumberStyle Ratio { get; } = new(1, 2, false, "");

    /// <summary>Proportions written as percentages with at most one decimal: "66.4%", "50%".</summary>
    public static NumberStyle Percent { get; } = new(100, 1, true, "%");

    /// <summary>The value with <see cref="Decimals"/> decimals.</summary>
    public string Format(double value) => Format(value, Decimals);

    /// <summary>
    /// A limit, with <see cref="Decimals"/> decimals or more (up to 6) when it needs them to be written exactly: a
    /// limit such as E = 2.125 is written "2.125", not "2.13".
    /// </summary>
    public string FormatLimit(double limit) => Format(limit, ExactDecimals(limit));

    /// <summary>
    /// The value written with enough decimals (up to 6) that the written value compares with the written limit as
    /// the value compares with the limit.
    /// </summary>
    public string Against(double value, double limit)
    {
        var writtenLimit = Round(limit, ExactDecimals(limit));
        for (var decimals = Decimals; decimals < 6; decimals++)
        {
            var v = Round(value, decimals);
            if (v.CompareTo(writtenLimit) == value.CompareTo(limit))
            {
                return Format(value, decimals);
            }
        }
        return Format(value, 6);
    }

    private int ExactDecimals(double value)
    {
        for (var decimals = Decimals; decimals < 6; decimals++)
        {
            if (Math.Abs(Round(value, decimals) - value * Scale) < 1e-9)
            {
                return decimals;
            }
        }
        return 6;
    }

    private double Round(double value, int decimals) => Math.Round(value * Scale, decimals, MidpointRounding.AwayFromZero);

    private string Format(double value, int decimals) =>
        Round(value, decimals).ToString(TrimZeros ? "0." + new string('#', decimals) : "F" + decimals.ToString(CultureInfo.InvariantCulture),
            CultureInfo.InvariantCulture) + Suffix;
}
