namespace ProcedureRegistry.Domain.Analysis;

/// <summary>A follow-up time (any unit, here months) ending in the event (true) or censored (false).</summary>
public readonly record struct SurvivalObservation(double Time, bool Event);

/// <summary>
/// The curve just after one event time: at risk just before it, events and censorings at it, S(t), its Greenwood
/// standard error and 95% log-log interval. SE and interval are null where not estimable (S = 0, or every subject at
/// risk had the event).
/// </summary>
public sealed record SurvivalStep(
    double Time, int AtRisk, int Events, int Censored, double Survival, double? StandardError, Interval? Interval);

/// <summary>Subjects censored at one time (with or without an event at the same time), and S(t) there, where the curve shows them.</summary>
public sealed record Censoring(double Time, int Count, double Survival);

/// <summary>
/// A Kaplan–Meier curve; <see cref="Median"/> is null when the curve never falls to 0.5. <see cref="Censorings"/>
/// lists every time at which subjects were censored, in time order, for the ticks drawn on the curve.
/// </summary>
public sealed record KaplanMeierCurve(int Total, int Events, IReadOnlyList<SurvivalStep> Steps, double? Median, IReadOnlyList<Censoring> Censorings)
{
    /// <summary>S(t): 1 before the first event, then the value of the last step at or before t.</summary>
    public double SurvivalAt(double time) => Steps.LastOrDefault(s => s.Time <= time)?.Survival ?? 1;
}

/// <summary>
/// Kaplan–Meier product-limit estimate (Kaplan &amp; Meier 1958) with Greenwood's variance,
/// Var Ŝ(t) = Ŝ(t)² Σ dᵢ / (nᵢ (nᵢ − dᵢ)), and the 95% log-log interval of Kalbfleisch &amp; Prentice
/// (Ŝ^exp(±z·SE/(Ŝ ln Ŝ)), which stays inside [0, 1]). Censorings tied with an event time count as still at risk at
/// that time (the usual convention). Median: the smallest event time with Ŝ(t) ≤ 0.5 (Collett, Modelling Survival
/// Data, 3rd ed., §2.4; R's survfit instead takes a midpoint when Ŝ is exactly 0.5 on an interval).
/// </summary>
public static class KaplanMeier
{
    public static KaplanMeierCurve Estimate(IEnumerable<SurvivalObservation> observations)
    {
        var data = observations.ToList();
        if (data.Any(o => !double.IsFinite(o.Time) || o.Time < 0))
        {
            throw new ArgumentException("Survival times must be finite and not negative.", nameof(observations));
        }
        var steps = new List<SurvivalStep>();
        var censorings = new List<Censoring>();
        double survival = 1, greenwoodSum = 0;
        var greenwoodEstimable = true;
        var atRisk = data.Count;
        foreach (var group in data.GroupBy(o => o.Time).OrderBy(g => g.Key))
        {
            var events = group.Count(o => o.Event);
            var censored = group.Count() - events;
            if (events > 0)
            {
                survival *= (double)(atRisk - events) / atRisk;
                if (atRisk > events)
                {
                    greenwoodSum += events / ((double)atRisk * (atRisk - events)); // double: n² overflows int past 46,340
                }
                else
                {
                    greenwoodEstimable = false;
                }
                double? se = greenwoodEstimable && survival > 0 ? survival * Math.Sqrt(greenwoodSum) : null;
                steps.Add(new(group.Key, atRisk, events, censored, survival, se, LogLogInterval(survival, greenwoodSum, se)));
            }
            if (censored > 0)
            {
                censorings.Add(new(group.Key, censored, survival));
            }
            atRisk -= events + censored;
        }
        var median = steps.FirstOrDefault(s => s.Survival <= 0.5)?.Time;
        return new(data.Count, data.Count(o => o.Event), steps, median, censorings);
    }

    private static Interval? LogLogInterval(double survival, double greenwoodSum, double? se)
    {
        if (se is null || survival is <= 0 or >= 1)
        {
            return null;
        }
        // SE of ln(−ln Ŝ) = √(Σ d/(n(n−d))) / |ln Ŝ|
        var spread = Confidence.Z95 * Math.Sqrt(greenwoodSum) / Math.Abs(Math.Log(survival));
        return new(Math.Pow(survival, Math.Exp(spread)), Math.Pow(survival, Math.Exp(-spread)));
    }
}
