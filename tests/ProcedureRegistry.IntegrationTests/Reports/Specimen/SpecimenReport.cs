using ProcedureRegistry.Web.Reports;
using ProcedureRegistry.Web.Reports.Charts;

namespace ProcedureRegistry.IntegrationTests.Reports.Specimen;

/// <summary>
/// A test-only report built from fixed, made-up figures, laid out by its own Razor view in this project: it exercises
/// the report layout, every chart kind, a table longer than a page and the PDF pipeline with figures that do not
/// change when the outcome report does. Not clinical data.
/// </summary>
public sealed class SpecimenReport : IReportModel
{
    /// <summary>The view's path in this (Razor) test assembly, which the test app adds as an application part.</summary>
    public const string ViewPath = "/Reports/Specimen/SpecimenReport.cshtml";

    public string Title => "Sample outcome report";
    public required DateTimeOffset GeneratedAt { get; init; }
    public string Question => "Does relief after a diagnostic medial branch block establish the diagnosis?";
    public string Period => "2025-01-01 to 2025-12-31";
    public IReadOnlyList<(string Name, string Value)> Filters { get; } =
    [
        ("Clinic", "DEMO"), ("Operator", "all"), ("Segment", "all"), ("Procedure", "RF denervation"), ("Relief threshold", "80 %"),
    ];
    public IReadOnlyList<(string Claim, string Verdict, string Css, string Basis)> Verdicts { get; } =
    [
        ("Relief after a positive block predicts RF success (criterion 4)", "supported", "verdict-supported", "PPV 0.74 (95% CI 0.66–0.81) ≥ target 0.60"),
        ("Imaging does not indicate the level", "supported", "verdict-supported", "kappa 0.08 (−0.05 to 0.21)"),
        ("Referred territory does not indicate the level", "not enough data", "verdict-insufficient", "38 patients; Cramér's V interval 0.02–0.41"),
    ];

    public IReadOnlyList<(string Operator, int? Cases, double? SuccessRate)> Operators { get; } =
    [
        ("Operator A", 64, 0.72), ("Operator B", 41, 0.61), ("Operator C", 23, 0.83), ("Operator D", 12, 0.50), ("Operator E", null, null),
    ];

    public IReadOnlyList<LineSeries> Trajectories { get; } =
    [
        Trajectory("RF denervation", [(0, 7, 6, 8), (1, 3, 2, 4), (4, 3, 2, 4.5), (13, 3.5, 2, 5), (26, 4, 2.5, 6), (52, 4.5, 3, 6.5)]),
        Trajectory("Steroid injection", [(0, 7, 6, 8), (1, 4, 3, 5), (4, 5, 3.5, 6), (13, 6, 4.5, 7), (26, 6.5, 5, 7.5), (52, null, null, null)]),
    ];

    public LineSeries Ppv { get; } = new("PPV of a positive block",
        [new(50, 0.58, 0.50, 0.66), new(60, 0.63, 0.55, 0.70), new(70, 0.68, 0.60, 0.75), new(80, 0.74, 0.66, 0.81), new(90, 0.79, 0.68, 0.87)])
    { BandLabel = "95% CI (Wilson)" };

    public IReadOnlyList<SurvivalCurve> Durability { get; } =
    [
        new("T12-L1", [new(0, 1, 1, 1), new(2, 0.95, 0.90, 0.99), new(4, 0.86, 0.79, 0.92), new(6, 0.74, 0.65, 0.82), new(9, 0.61, 0.51, 0.70), new(12, 0.48, 0.38, 0.58), new(18, 0.35, 0.24, 0.46)], [3, 7, 10, 14, 20]) { BandLabel = "95% CI" },
        new("L4-L5", [new(0, 1, 1, 1), new(3, 0.90, 0.80, 0.96), new(5, 0.72, 0.58, 0.83), new(8, 0.55, 0.40, 0.68), new(11, 0.41, 0.27, 0.55)], [6, 12, 15]) { BandLabel = "95% CI" },
    ];

    public IReadOnlyList<FunnelPoint> Funnel => Operators.Select(o => new FunnelPoint(o.Operator[^1..], o.Cases, o.SuccessRate)).ToList();
    public double ClinicRate => 0.69;
    public IReadOnlyList<FunnelLimit> FunnelLimits { get; } = [Limits("95% limits", 1.96), Limits("99.8% limits", 3.09)];

    public IReadOnlyList<string> Months { get; } = Enumerable.Range(1, 12).Select(m => $"2025-{m:00}").ToList();
    public IReadOnlyList<BarSeries> Volume { get; } =
    [
        new("Diagnostic block", [14, 12, 16, 15, 11, 13, 9, 6, 14, 17, 15, 12]),
        new("Steroid injection", [4, 5, 3, 6, 4, 5, 2, null, 4, 6, 5, 3]),
        new("RF denervation", [6, 7, 8, 6, 9, 7, 5, 3, 7, 8, 9, 6]),
    ];

    /// <summary>The volume table, long enough to run over a page (its header repeats).</summary>
    public IReadOnlyList<(string Month, string Segment, int Blocks, int Rf)> VolumeRows { get; } =
        (from month in Enumerable.Range(1, 12)
         from segment in new[] { "T11-T12", "T12-L1", "L1-L2", "L4-L5", "L5-S1" }
         select ($"2025-{month:00}", segment, (month * 7 + segment.Length * 3) % 9 + 1, (month * 5 + segment.Length) % 5)).ToList();

    private const double Target = 0.69;

    private static LineSeries Trajectory(string name, (double Week, double? Median, double? Q1, double? Q3)[] points) =>
        new(name, points.Select(p => new SeriesPoint(p.Week, p.Median, p.Q1, p.Q3)).ToList()) { BandLabel = "IQR" };

    private static FunnelLimit Limits(string name, double z) =>
        new(name, Enumerable.Range(2, 70).Select(n => new SeriesPoint(n, null,
            Math.Max(0, Target - z * Math.Sqrt(Target * (1 - Target) / n)),
            Math.Min(1, Target + z * Math.Sqrt(Target * (1 - Target) / n)))).ToList());
}
