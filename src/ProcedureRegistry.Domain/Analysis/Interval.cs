using static System.FormattableString;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>A two-sided confidence interval; <see cref="Lower"/> ≤ <see cref="Upper"/>, both finite.</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    public double Width => Upper - Lower;

    public bool Contains(double value) => value >= Lower && value <= Upper;

    public override string ToString() => Invariant($"{Lower:0.000} to {Upper:0.000}");
}
