namespace ProcedureRegistry.Domain.Analysis;

/// <summary>Constants shared by the analysis.</summary>
public static class Confidence
{
    /// <summary>The standard normal quantile for a two-sided 95% interval (z = 1.959964, clinical-reference §6).</summary>
    public const double Z95 = 1.959964;

    /// <summary>The standard normal quantile for a two-sided 99.8% interval (z = 3.090232), used by funnel plots.</summary>
    public const double Z998 = 3.090232;
}
