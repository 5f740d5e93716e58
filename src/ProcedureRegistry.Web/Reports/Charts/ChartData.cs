namespace ProcedureRegistry.Web.Reports.Charts;

/// <summary>One axis of a chart. <see cref="Min"/>/<see cref="Max"/> fix the range (e.g. pain 0–10); otherwise it
/// is taken from the data and rounded out to nice ticks.</summary>
/// <param name="Label">The axis title, with its unit.</param>
public sealed record ChartAxis(string Label)
{
    public double? Min { get; init; }
    public double? Max { get; init; }

    /// <summary>.NET numeric format of the tick labels, invariant culture: "0.##", "0'%'", "0%" (× 100).</summary>
    public string Format { get; init; } = "0.##";
}

/// <summary>What every chart has: an accessible title and description (SVG &lt;title&gt;/&lt;desc&gt;), two axes and a size in CSS pixels.</summary>
public sealed record ChartFrame(string Title, string Description, ChartAxis X, ChartAxis Y)
{
    public int Width { get; init; } = 640;
    public int Height { get; init; } = 300;

    /// <summary>False for a small multiple, whose one shared legend is in the text around it.</summary>
    public bool ShowLegend { get; init; } = true;
}

/// <summary>A point of a line, with an optional interval around it (IQR, confidence interval). A null coordinate means "no point".</summary>
public sealed record SeriesPoint(double? X, double? Y, double? Low = null, double? High = null);

/// <summary>A named line; where its points carry Low/High, a shaded band named <see cref="BandLabel"/> is drawn behind it.</summary>
public sealed record LineSeries(string Name, IReadOnlyList<SeriesPoint> Points)
{
    /// <summary>The band's name in the legend, e.g. "interquartile range" or "95% CI".</summary>
    public string? BandLabel { get; init; }
}

/// <summary>A Kaplan–Meier estimate: the survival after each event time (start with (0, 1)), with an optional
/// Greenwood interval, and the times at which patients were censored (drawn as ticks on the curve).</summary>
public sealed record SurvivalCurve(string Name, IReadOnlyList<SeriesPoint> Steps, IReadOnlyList<double?> CensoredAt)
{
    public string? BandLabel { get; init; }
}

/// <summary>A unit in a funnel plot (an operator): its number of cases and its rate.</summary>
public sealed record FunnelPoint(string Label, double? Cases, double? Rate);

/// <summary>A pair of control limits over the number of cases (Low = lower limit, High = upper limit at each X).</summary>
public sealed record FunnelLimit(string Name, IReadOnlyList<SeriesPoint> Points);

/// <summary>A series of a bar chart: one value per category, in the categories' order (null: no bar).</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double?> Values);
