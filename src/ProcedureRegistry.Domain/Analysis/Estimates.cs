using static System.FormattableString;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// A proportion x/n with its 95% Wilson score interval and its exact Clopper–Pearson interval. When n = 0 nothing
/// is estimable: <see cref="Value"/> and both intervals are null, never NaN.
/// </summary>
public sealed record ProportionEstimate(int Successes, int Total, double? Value, Interval? Wilson, Interval? Exact)
{
    public bool IsEstimable => Value is not null;

    public override string ToString() =>
        Value is { } value && Wilson is { } wilson
            ? Invariant($"{Successes}/{Total} = {value:0.000} (95% CI {wilson})")
            : $"{Successes}/{Total}: not estimable";
}

/// <summary>
/// A ratio estimate (likelihood ratio, odds ratio) with its 95% log-method interval; null parts are not
/// estimable (a zero denominator that the 0.5 correction could not rescue).
/// </summary>
public sealed record RatioEstimate(double? Value, Interval? Interval)
{
    public static RatioEstimate NotEstimable { get; } = new(null, null);

    public bool IsEstimable => Value is not null;

    public override string ToString() =>
        Value is { } value
            ? Interval is { } interval ? Invariant($"{value:0.00} (95% CI {interval.Lower:0.00} to {interval.Upper:0.00})") : Invariant($"{value:0.00}")
            : "not estimable";
}

/// <summary>A difference of two proportions (first minus second) with its 95% interval; null when either is empty.</summary>
public sealed record DifferenceEstimate(ProportionEstimate First, ProportionEstimate Second, double? Value, Interval? Interval)
{
    public bool IsEstimable => Value is not null;

    public override string ToString() =>
        Value is { } value && Interval is { } interval
            ? Invariant($"{value:+0.000;-0.000;0.000} (95% CI {interval.Lower:+0.000;-0.000;0.000} to {interval.Upper:+0.000;-0.000;0.000})")
            : "not estimable";
}
