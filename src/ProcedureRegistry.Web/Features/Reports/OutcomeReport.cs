using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Web.Reports;

namespace ProcedureRegistry.Web.Features.Reports;

public sealed record NameValue(string Name, string Value);

public sealed record VerdictLine(string Claim, Verdict Verdict, string Reason)
{
    public string VerdictText => OutcomeReport.VerdictText(Verdict);
}

public sealed record CompletionRow(string Kind, string Label, int DaysAfter, ProportionEstimate Completion);

public sealed record PainRow(string Kind, string Label, int DaysAfter, MedianAndQuartiles Pain);

public sealed record ComplicationRow(string Kind, RatePer100 Rate);

/// <summary>An operator's row: the figures are null (suppressed) under 5 cases, in the PDF, the JSON and the CSV alike.</summary>
public sealed record OperatorRow(string Operator, bool Suppressed, int? Successes, int? Total, double? Rate, Interval? Interval, bool? Outside95, bool? Outside998);

public sealed record SegmentDurability(string Segment, KaplanMeierCurve Curve);

public sealed record QualityFigureSet(
    IReadOnlyList<CompletionRow> Completion,
    IReadOnlyList<PainRow> Pain,
    RatePer100 Complications,
    IReadOnlyList<ComplicationRow> ComplicationsByKind,
    double? ClinicSuccessRate,
    IReadOnlyList<OperatorRow> Operators,
    IReadOnlyList<SegmentDurability> Durability,
    IReadOnlyList<VolumeCount> Volume);

public sealed record ClaimsSection(
    TerritoryLevelResult Territory,
    LevelAgreementResult Imaging,
    ProportionClaimResult BelowKnee,
    ProportionClaimResult Bilateral);

/// <summary>
/// The outcome report, computed once from the data set: the PDF (its Razor view), the JSON (this object through
/// System.Text.Json) and the CSV (<see cref="ToCsv"/>) all come from this same object, so they cannot disagree.
/// </summary>
public sealed class OutcomeReport : IReportModel
{
    public const string ViewPath = "/Features/Reports/OutcomeReport.cshtml";
    public const string TheQuestion = "Does relief after a diagnostic block establish the diagnosis, that is, predict the success of the treatment that follows?";

    public string Title => "Outcome report";
    public string Question => TheQuestion;
    public required DateTimeOffset GeneratedAt { get; init; }
    public string SoftwareVersion { get; init; } = ReportPdfOptions.CurrentSoftwareVersion;
    public required ReportFilters Filters { get; init; }
    public required IReadOnlyList<NameValue> FilterDescription { get; init; }
    public required int LoggedCases { get; init; }
    public required int LoggedPatients { get; init; }
    public required int ProceduresInScope { get; init; }
    public required Criterion4Report Criterion4 { get; init; }
    public required ClaimsSection Claims { get; init; }
    public required QualityFigureSet Quality { get; init; }
    public required IReadOnlyList<string> Methods { get; init; }

    /// <summary>Every verdict of the report with the numbers and the rule behind it, for the cover.</summary>
    public IReadOnlyList<VerdictLine> Verdicts =>
    [
        new("Criterion 4: a positive block predicts success of RF denervation", Criterion4.Radiofrequency.Verdict.Verdict, WithFlow(Criterion4.Radiofrequency)),
        new("Criterion 4: a positive block predicts success of a steroid injection", Criterion4.Steroid.Verdict.Verdict, WithFlow(Criterion4.Steroid)),
        new("The referred-pain territory does not indicate the spinal level", Claims.Territory.Verdict.Verdict, Claims.Territory.Verdict.Reason),
        new("Imaging is non-contributory (does not localise the level)", Claims.Imaging.Verdict.Verdict, Claims.Imaging.Verdict.Reason),
        new("Pain does not radiate below the knee in confirmed cases", Claims.BelowKnee.Verdict.Verdict, Claims.BelowKnee.Verdict.Reason),
        new("Bilateral cases occur", Claims.Bilateral.Verdict.Verdict, Claims.Bilateral.Verdict.Reason),
    ];

    /// <summary>The verdict's reason followed by the cohort's counts, so that "not enough data" says where the cases went.</summary>
    private static string WithFlow(Criterion4Arm arm) =>
        $"{arm.Verdict.Reason} Cohort: {arm.Flow.Logged} cases logged, {arm.Flow.Eligible} treated by {Criterion4Analysis.Describe(arm.Therapy)} at the same segment and side, "
        + $"{arm.Flow.FollowedUp} followed up at the chosen point, {arm.Flow.Analysed} analysed.";

    public static string VerdictText(Verdict verdict) => verdict switch
    {
        Verdict.Supported => "supported",
        Verdict.Refuted => "refuted",
        _ => "not enough data",
    };

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(), new SegmentConverter(), new ThresholdConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The key figures, one a line: section, figure, group, numerator, denominator, value, 95% lower, upper, verdict.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("section,figure,group,numerator,denominator,value,lower,upper,verdict\r\n");
        void Row(string section, string figure, string group, int? x, int? n, double? value, Interval? ci, string? verdict = null) =>
            csv.Append(string.Join(",", new[]
            {
                section, figure, group, x?.ToString(CultureInfo.InvariantCulture), n?.ToString(CultureInfo.InvariantCulture),
                Number(value), Number(ci?.Lower), Number(ci?.Upper), verdict,
            }.Select(DataExchange.CsvWriting.Field))).Append("\r\n");
        void Proportion(string section, string figure, string group, ProportionEstimate p, string? verdict = null) =>
            Row(section, figure, group, p.Successes, p.Total, p.Value, p.Wilson, verdict);

        foreach (var fp in Criterion4.SingleBlockFalsePositiveRates)
        {
            Proportion("criterion4", "single-block false-positive rate", fp.Threshold.ToString(), fp.Rate);
        }
        foreach (var arm in new[] { Criterion4.Radiofrequency, Criterion4.Steroid })
        {
            var name = Criterion4Analysis.Describe(arm.Therapy);
            Row("criterion4", "cohort logged", name, null, arm.Flow.Logged, null, null);
            Row("criterion4", "cohort eligible", name, null, arm.Flow.Eligible, null, null);
            Row("criterion4", "cohort followed up", name, null, arm.Flow.FollowedUp, null, null);
            Row("criterion4", "cohort analysed", name, null, arm.Flow.Analysed, null, null);
            foreach (var t in arm.Thresholds)
            {
                var group = $"{name} at {t.Threshold}";
                Proportion("criterion4", "PPV", group, t.PositivePredictiveValue, VerdictText(t.Verdict.Verdict));
                Proportion("criterion4", "success after negative block", group, t.SuccessAfterNegative);
                Row("criterion4", "success difference (positive - negative)", group, null, null, t.SuccessDifference.Value, t.SuccessDifference.Interval);
                if (t.Accuracy is { } a)
                {
                    Proportion("criterion4", "sensitivity", group, a.Sensitivity);
                    Proportion("criterion4", "specificity", group, a.Specificity);
                    Proportion("criterion4", "NPV", group, a.NegativePredictiveValue);
                }
            }
        }
        Proportion("claims", "pain below the knee", "confirmed cases", Claims.BelowKnee.Proportion, VerdictText(Claims.BelowKnee.Verdict.Verdict));
        Proportion("claims", "bilateral", "confirmed cases", Claims.Bilateral.Proportion, VerdictText(Claims.Bilateral.Verdict.Verdict));
        Row("claims", "Cohen's kappa imaging vs block level", "confirmed cases with imaging level", null, Claims.Imaging.Table.Sum(r => r.Sum()),
            Claims.Imaging.Kappa.Kappa, Claims.Imaging.Kappa.Interval, VerdictText(Claims.Imaging.Verdict.Verdict));
        Row("claims", "Cramér's V territory vs block level", "confirmed cases with territory", null, Claims.Territory.Table.Sum(r => r.Sum()),
            Claims.Territory.Test.CramersV, Claims.Territory.Test.CramersVInterval, VerdictText(Claims.Territory.Verdict.Verdict));
        foreach (var c in Quality.Completion)
        {
            Proportion("quality", "follow-up completion", $"{c.Kind} {c.Label}", c.Completion);
        }
        foreach (var p in Quality.Pain)
        {
            Row("quality", "pain median", $"{p.Kind} {p.Label}", null, p.Pain.Count, p.Pain.Median,
                p.Pain.LowerQuartile is { } q1 && p.Pain.UpperQuartile is { } q3 ? new Interval(q1, q3) : null);
        }
        Row("quality", "complications per 100 procedures", "all", Quality.Complications.Events, Quality.Complications.Procedures, Quality.Complications.Rate, Quality.Complications.Interval);
        foreach (var c in Quality.ComplicationsByKind)
        {
            Row("quality", "complications per 100 procedures", c.Kind, c.Rate.Events, c.Rate.Procedures, c.Rate.Rate, c.Rate.Interval);
        }
        foreach (var o in Quality.Operators)
        {
            Row("quality", "RF success at 3 months by operator", o.Suppressed ? "operator with fewer than 5 cases (suppressed)" : o.Operator,
                o.Successes, o.Total, o.Rate, o.Interval);
        }
        foreach (var v in Quality.Volume)
        {
            Row("quality", "procedure volume", $"{v.Month} {v.Segment} {v.Kind}", null, v.Procedures, null, null);
        }
        return csv.ToString();
    }

    private static string? Number(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);

    private sealed class SegmentConverter : JsonConverter<SpinalSegment>
    {
        public override SpinalSegment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            SpinalSegment.Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, SpinalSegment value, JsonSerializerOptions options) => writer.WriteStringValue(value.Code);
    }

    private sealed class ThresholdConverter : JsonConverter<ReliefThreshold>
    {
        public override ReliefThreshold Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReliefThreshold.Create(reader.GetInt32());

        public override void Write(Utf8JsonWriter writer, ReliefThreshold value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Percent);
    }
}

/// <summary>Builds the <see cref="OutcomeReport"/> from a data set with the Domain analyses; no query, no I/O.</summary>
public static class OutcomeReportBuilder
{
    public static OutcomeReport Build(ReportDataSet data, ReportFilters filters, DateTimeOffset generatedAt, IReadOnlyDictionary<int, string>? clinicCodes = null)
    {
        var options = new Criterion4Options
        {
            PrimaryThreshold = ReliefThreshold.Create(filters.ThresholdPercent),
            Exposure = filters.Exposure,
        };
        var criterion4 = Criterion4Analysis.Analyse(data.Cases, options);
        var claims = new ClaimsSection(
            SourceTextClaims.TerritoryIndicatesLevel(data.TerritoryCases),
            SourceTextClaims.ImagingAgreesWithBlocks(data.LevelCases),
            SourceTextClaims.PainBelowKnee(data.BelowKneeCases, data.ConfirmedPatients, data.ConfirmedPatients),
            SourceTextClaims.BilateralCasesOccur(data.BilateralCases, data.ConfirmedCases, data.ConfirmedPatients));

        var funnel = QualityFigures.OperatorFunnel(data.Operators.Select(o => (o.Operator, o.Successes, o.Total)));
        var operatorTotal = data.Operators.Sum(o => o.Total);
        var quality = new QualityFigureSet(
            [.. data.Completion.Select(c => new CompletionRow(c.Kind, c.Label, c.DaysAfter, QualityFigures.FollowUpCompletion(c.Completed, c.Due)))],
            [.. data.Pain.Select(p => new PainRow(p.Kind, p.Label, p.DaysAfter, p.Pain))],
            QualityFigures.ComplicationRatePer100(data.Complications.Sum(c => c.WithComplication), data.Complications.Sum(c => c.Procedures)),
            [.. data.Complications.Select(c => new ComplicationRow(c.Kind, QualityFigures.ComplicationRatePer100(c.WithComplication, c.Procedures)))],
            operatorTotal == 0 ? null : (double)data.Operators.Sum(o => o.Successes) / operatorTotal,
            [.. funnel.Select(f => f.Suppressed
                ? new OperatorRow(f.Operator, true, null, null, null, null, null, null)
                : new OperatorRow(f.Operator, false, f.Success.Successes, f.Success.Total, f.Success.Value, f.Success.Wilson, f.Outside95, f.Outside998))],
            [.. data.Durability.GroupBy(d => d.Segment)
                .OrderBy(g => SpinalSegment.Parse(g.Key))
                .Select(g => new SegmentDurability(g.Key, KaplanMeier.Estimate(g.SelectMany(d =>
                    Enumerable.Repeat(new SurvivalObservation(d.Months, d.ReliefLost), d.Count)))))],
            data.Volume);

        return new OutcomeReport
        {
            GeneratedAt = generatedAt,
            Filters = filters,
            FilterDescription = [.. filters.Describe(clinicCodes).Select(f => new NameValue(f.Name, f.Value))],
            LoggedCases = criterion4.LoggedCases,
            LoggedPatients = criterion4.LoggedPatients,
            ProceduresInScope = data.ProceduresInScope,
            Criterion4 = criterion4,
            Claims = claims,
            Quality = quality,
            Methods = [
                .. AnalysisMethods.Describe(options),
                $"Treatment success is read at the answered follow-up nearest {ReportDataExtractor.FollowUpDays} days after the therapy, between {ReportDataExtractor.FollowUpMinDays} and {ReportDataExtractor.FollowUpMaxDays} days; relief = (pre-procedure pain − follow-up pain) / pre-procedure pain × 100.",
                "Cases: each patient's first diagnostic block (single or first of a comparative pair) at a segment and side within the filters; its confirmatory or saline partner is the block logged as its partner; the therapy is the first RF denervation or steroid injection at the same segment and side after it. Comparative pairs are concordant when relief at the primary threshold lasts longer with the long-acting agent.",
                "Confirmed cases (for the source-text claims): first block at or above the primary threshold; territory = the most affected territory of the patient's latest assessment.",
                "No patient identity appears in this report; per-operator figures under 5 cases are suppressed.",
            ],
        };
    }
}
