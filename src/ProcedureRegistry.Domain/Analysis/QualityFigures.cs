namespace ProcedureRegistry.Domain.Analysis;

/// <summary>Events per 100 procedures with the 95% Wilson interval of the underlying proportion, also per 100.</summary>
public sealed record RatePer100(int Events, int Procedures, double? Rate, Interval? Interval)
{
    public bool IsEstimable => Rate is not null;
}

/// <summary>Median and IQR of pain 0–10 at one protocol time point.</summary>
public sealed record PainAtTimePoint(string TimePoint, MedianAndQuartiles Pain);

/// <summary>One operator on the funnel plot: their success proportion, the limits at their n, and where they fall.</summary>
/// <param name="Suppressed">Fewer than 5 patients: the figures must not be shown in a per-operator table (issue 5 §6).</param>
public sealed record OperatorFunnelPoint(
    string Operator, ProportionEstimate Success, FunnelLimits Limits, bool Suppressed, bool Outside95, bool Outside998);

/// <summary>Quality-improvement figures (issue 5 §5) built from the statistics above.</summary>
public static class QualityFigures
{
    /// <summary>Per-operator tables suppress cells under 5 patients.</summary>
    public const int SmallCellThreshold = 5;

    /// <summary>
    /// Complication rate per 100 procedures: procedures with at least one complication / procedures × 100, with the
    /// Wilson interval × 100 (a proportion, so a procedure with two complications counts once).
    /// </summary>
    public static RatePer100 ComplicationRatePer100(int proceduresWithComplication, int procedures)
    {
        var p = Proportions.Estimate(proceduresWithComplication, procedures);
        return p is { Value: { } value, Wilson: { } ci }
            ? new(proceduresWithComplication, procedures, value * 100, new(ci.Lower * 100, ci.Upper * 100))
            : new(proceduresWithComplication, procedures, null, null);
    }

    /// <summary>Follow-up completion at a protocol point: completed / due, with its intervals.</summary>
    public static ProportionEstimate FollowUpCompletion(int completed, int due) => Proportions.Estimate(completed, due);

    /// <summary>Pain-score trajectory: median and IQR (Hyndman–Fan type 7) of the scores at each time point, in the given order.</summary>
    public static IReadOnlyList<PainAtTimePoint> PainTrajectory(IEnumerable<(string TimePoint, double Pain)> scores, IEnumerable<string> timePoints)
    {
        var byPoint = scores.ToLookup(s => s.TimePoint, s => s.Pain);
        return [.. timePoints.Select(t => new PainAtTimePoint(t, Descriptive.MedianAndQuartiles(byPoint[t])))];
    }

    /// <summary>
    /// Per-operator success on a funnel plot around the clinic's overall success proportion (all operators pooled),
    /// with the normal-approximation limits of <see cref="FunnelPlot"/>. Operators under 5 patients are flagged
    /// <see cref="OperatorFunnelPoint.Suppressed"/> but still count toward the clinic mean.
    /// </summary>
    public static IReadOnlyList<OperatorFunnelPoint> OperatorFunnel(IEnumerable<(string Operator, int Successes, int Total)> operators)
    {
        var rows = operators.ToList();
        var total = rows.Sum(r => r.Total);
        if (total == 0)
        {
            return [.. rows.Select(r => new OperatorFunnelPoint(r.Operator, Proportions.Estimate(r.Successes, r.Total),
                new FunnelLimits(r.Total, 0, null, null), true, false, false))];
        }
        var target = (double)rows.Sum(r => r.Successes) / total;
        return [.. rows.Select(r =>
        {
            var success = Proportions.Estimate(r.Successes, r.Total);
            var limits = FunnelPlot.Limits(target, r.Total);
            bool Outside(Interval? limit) => success.Value is { } v && limit is { } l && !l.Contains(v);
            return new OperatorFunnelPoint(r.Operator, success, limits, r.Total < SmallCellThreshold,
                Outside(limits.Limits95), Outside(limits.Limits998));
        })];
    }
}
