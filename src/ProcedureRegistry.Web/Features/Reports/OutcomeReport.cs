using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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

/// <summary>An operator's row; <see cref="Suppressed"/> under 5 cases (what is shown is decided by <see cref="ReportDisclosure"/>).</summary>
public sealed record OperatorRow(string Operator, bool Suppressed, int? Successes, int? Total, double? Rate, Interval? Interval, bool? Outside95, bool? Outside998)
{
    /// <summary>The exact interval, where the numbers are small (<see cref="ExactIntervalRule"/>); null otherwise.</summary>
    public Interval? Exact => Successes is { } x && Total is { } n && ExactIntervalRule.IsSmall(x, n) ? Proportions.ClopperPearson(x, n) : null;
}

public sealed record SegmentDurability(string Segment, KaplanMeierCurve Curve);

/// <summary>An arm's criterion-4 verdict with the figures shown beside it (see <see cref="OutcomeReport.Summary"/>).</summary>
public sealed record Criterion4Summary(
    string Therapy,
    int ReliefThresholdPercent,
    double LikelihoodRatioThreshold,
    double? PreTestProbability,
    double? PostTestAfterPositive,
    double? PostTestAfterNegative,
    string LikelihoodRatioUsed,
    double? PositiveLikelihoodRatio,
    Interval? PositiveLikelihoodRatioInterval,
    string? Grade,
    string Verdict);

public sealed record QualityFigureSet(
    IReadOnlyList<CompletionRow> Completion,
    IReadOnlyList<PainRow> Pain,
    RatePer100 Complications,
    IReadOnlyList<ComplicationRow> ComplicationsByKind,
    double? ClinicSuccessRate,
    IReadOnlyList<OperatorRow> Operators,
    IReadOnlyList<SegmentDurability> Durability,
    IReadOnlyList<VolumeCount> Volume);

/// <summary>
/// What the criterion-4 section shows beside the verdict's figures: the comparative pairs at each threshold, and each
/// therapy's durability by block result at the primary threshold.
/// </summary>
public sealed record Criterion4Breakdown(IReadOnlyList<ComparativePairCounts> Pairs, DurabilityByBlockResult Radiofrequency, DurabilityByBlockResult Steroid)
{
    public static Criterion4Breakdown Empty { get; } = new([],
        new(TherapeuticKind.RadiofrequencyDenervation, KaplanMeier.Estimate([]), KaplanMeier.Estimate([])),
        new(TherapeuticKind.SteroidInjection, KaplanMeier.Estimate([]), KaplanMeier.Estimate([])));

    public DurabilityByBlockResult For(Criterion4Arm arm) => arm.Therapy == TherapeuticKind.SteroidInjection ? Steroid : Radiofrequency;

    /// <summary>The names of <see cref="ComparativePairCounts.Confirmations"/>, as the figures' names.</summary>
    public static readonly string[] PairConfirmations =
        ["confirmatory block below the threshold", "both reached it, concordant", "both reached it, discordant", "both reached it, durations not compared"];
}

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
    /// <summary>Patients of the procedures in scope, counted up to 5 (the small-cohort rule needs no more).</summary>
    public required int ScopePatients { get; init; }
    public required Criterion4Report Criterion4 { get; init; }
    public required ClaimsSection Claims { get; init; }
    public required QualityFigureSet Quality { get; init; }
    public Criterion4Breakdown Criterion4Breakdown { get; init; } = Criterion4Breakdown.Empty;
    public required IReadOnlyList<string> Methods { get; init; }
    /// <summary>The blinded blocks' section (<see cref="BlindedBlocksSection"/>), added by <see cref="ReportComputation"/> after the builder.</summary>
    public BlindedBlocksSection? Blinded { get; set; }

    /// <summary>What of this report may be shown (the small-cell rule), computed once; every output prints through it.</summary>
    public ReportDisclosure Disclosure => _disclosure ??= ReportDisclosure.For(this);
    private ReportDisclosure? _disclosure;

    /// <summary>Every verdict of the report with the numbers and the rule behind it (or that they are withheld), for the cover.</summary>
    public IReadOnlyList<VerdictLine> Verdicts =>
    [
        new("Criterion 4: a positive block establishes the diagnosis (judged by success of RF denervation)", Disclosure.Shown(Criterion4.Radiofrequency.Verdict), WithFlow(Criterion4.Radiofrequency)),
        new("Criterion 4: a positive block establishes the diagnosis (judged by success of a steroid injection)", Disclosure.Shown(Criterion4.Steroid.Verdict), WithFlow(Criterion4.Steroid)),
        new("The referred-pain territory does not indicate the spinal level", Disclosure.Shown(Claims.Territory.Verdict), Disclosure.Reason(Claims.Territory.Verdict)),
        new("Imaging is non-contributory (does not localise the level)", Disclosure.Shown(Claims.Imaging.Verdict), Disclosure.Reason(Claims.Imaging.Verdict)),
        new("Pain does not radiate below the knee in confirmed cases", Disclosure.Shown(Claims.BelowKnee.Verdict), Disclosure.Reason(Claims.BelowKnee.Verdict)),
        new("Bilateral cases occur", Disclosure.Shown(Claims.Bilateral.Verdict), Disclosure.Reason(Claims.Bilateral.Verdict)),
    ];

    /// <summary>
    /// What the cover and the criterion-4 section print beside an arm's verdict (issue 11): the pre-test probability,
    /// the post-test probabilities after a positive and a negative block, the LR+ the verdict used and its grade;
    /// null parts are not estimable or withheld (the small-cell rule).
    /// </summary>
    public Criterion4Summary Summary(Criterion4Arm arm)
    {
        var t = arm.Primary;
        var hidden = Disclosure.Hidden(t);
        var decision = t.Decision;
        return new(
            Criterion4Analysis.Describe(arm.Therapy),
            t.Threshold.Percent,
            decision.Threshold,
            hidden ? null : t.PreTestProbability.Value,
            hidden ? null : t.PostTestAfterPositive,
            hidden ? null : t.PostTestAfterNegative,
            decision.UsesCorrected ? "corrected (Begg-Greenes)" : "uncorrected",
            hidden ? null : decision.LikelihoodRatio?.Value,
            hidden ? null : decision.LikelihoodRatio?.Interval,
            hidden || decision.LikelihoodRatio?.Value is not { } lr ? null : LikelihoodRatioGrade.Short(lr),
            VerdictText(Disclosure.Shown(arm.Verdict)));
    }

    /// <summary>The verdict's reason followed by the cohort's counts, so that "not enough data" says where the cases went.</summary>
    private string WithFlow(Criterion4Arm arm) => Disclosure.Hidden(arm.Verdict) ? ReportDisclosure.WithheldReason :
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

    /// <summary>The CSV's columns, also the fields of each figure in the JSON.</summary>
    public static readonly string[] FigureColumns = ["section", "figure", "group", "numerator", "denominator", "value", "lower", "upper", "verdict"];

    /// <summary>
    /// The published JSON: the report's description, its verdicts and every figure as the CSV has it (a number, or
    /// "&lt; 5" where withheld), from the same <see cref="Figures"/>. Not the computed object itself: that holds
    /// the figures the small-cell rule withholds.
    /// </summary>
    public string ToJson()
    {
        var figures = new JsonArray();
        foreach (var row in Figures())
        {
            var figure = new JsonObject();
            for (var i = 0; i < FigureColumns.Length; i++)
            {
                figure[FigureColumns[i]] = i is >= 3 and <= 7 && double.TryParse(row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number)
                    : row[i] is { Length: > 0 } text ? JsonValue.Create(text) : null;
            }
            figures.Add(figure);
        }
        var document = new JsonObject
        {
            ["title"] = Title,
            ["question"] = Question,
            ["generatedAt"] = GeneratedAt,
            ["softwareVersion"] = SoftwareVersion,
            ["filters"] = new JsonArray([.. FilterDescription.Select(f => new JsonObject { ["name"] = f.Name, ["value"] = f.Value })]),
            ["smallCells"] = SmallCellNote,
            ["cohortWithheld"] = Disclosure.CohortWithheld,
            ["verdicts"] = Disclosure.CohortWithheld ? new JsonArray() : new JsonArray([.. Verdicts.Select(v =>
                new JsonObject { ["claim"] = v.Claim, ["verdict"] = v.VerdictText, ["reason"] = v.Reason })]),
            ["criterion4"] = Disclosure.CohortWithheld ? new JsonArray() : new JsonArray([.. new[] { Criterion4.Radiofrequency, Criterion4.Steroid }.Select(arm =>
                JsonSerializer.SerializeToNode(Summary(arm), JsonOptions))]),
            ["figures"] = figures,
            ["methods"] = new JsonArray([.. Methods.Select(m => JsonValue.Create(m))]),
        };
        return document.ToJsonString(JsonOptions);
    }

    /// <summary>What every format says about withheld figures.</summary>
    public string SmallCellNote => Disclosure.CohortWithheld
        ? $"The cohort has fewer than {SmallCellSuppression.MinimumCount} patients: no figure is shown, so that no patient can be recognised."
        : $"No patient identity appears in this report. Every figure resting on fewer than {SmallCellSuppression.MinimumCount} patients reads \"{SmallCellSuppression.Withheld}\", and so do the figures that would give it back by subtraction.";

    /// <summary>The key figures, one a line: section, figure, group, numerator, denominator, value, 95% lower, upper, verdict.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(string.Join(",", FigureColumns)).Append("\r\n");
        foreach (var row in Figures())
        {
            csv.Append(string.Join(",", row.Select(DataExchange.CsvWriting.Field))).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>
    /// Every figure of the report as it may be shown (<see cref="Disclosure"/>): withheld numbers read "&lt; 5".
    /// The CSV and the JSON are written from these rows.
    /// </summary>
    public IReadOnlyList<string?[]> Figures()
    {
        var d = Disclosure;
        var rows = new List<string?[]>();
        if (d.CohortWithheld)
        {
            rows.Add(["report", "cohort", "all", null, SmallCellSuppression.Withheld, null, null, null, "fewer than 5 patients: no figures shown"]);
            return rows;
        }
        const string withheld = SmallCellSuppression.Withheld;
        void Row(string section, string figure, string group, int? x, int? n, double? value, Interval? ci, string? verdict = null, bool hidden = false) =>
            rows.Add(hidden
                ? [section, figure, group, x is null ? null : withheld, n is null ? null : d.Count(n.Value), withheld, withheld, withheld, verdict]
                : [section, figure, group, x is null ? null : d.Count(x.Value), n is null ? null : d.Count(n.Value), Number(value), Number(ci?.Lower), Number(ci?.Upper), verdict]);
        void Count(string section, string figure, string group, int n, bool hidden = false) =>
            rows.Add([section, figure, group, null, hidden ? withheld : d.Count(n), null, null, null, null]);
        void Proportion(string section, string figure, string group, ProportionEstimate p, string? verdict = null, bool hidden = false)
        {
            Row(section, figure, group, p.Successes, p.Total, p.Value, p.Wilson, verdict, hidden || d.Hidden(p));
            if (ExactIntervalRule.IsSmall(p))
            {
                Row(section, ExactFigure(figure), group, p.Successes, p.Total, p.Value, p.Exact, hidden: hidden || d.Hidden(p));
            }
        }

        Count("cohort", "blocked segment cases logged", "all", LoggedCases);
        Count("cohort", "patients with blocked segment cases", "all", LoggedPatients);
        Count("cohort", "procedures in scope", "all", ProceduresInScope);
        foreach (var fp in Criterion4.SingleBlockFalsePositiveRates)
        {
            Proportion("criterion4", "single-block false-positive rate", fp.Threshold.ToString(), fp.Rate);
        }
        var pairs = Criterion4Breakdown.Pairs;
        if (pairs.Count > 0)
        {
            Count("criterion4", "comparative pairs without a first-block result", "all", pairs[0].FirstBlockMissing);
        }
        for (var i = 0; i < pairs.Count; i++)
        {
            Count("criterion4", "comparative pairs: first block reached the threshold", pairs[i].Threshold.ToString(), pairs[i].FirstBlockReached);
            for (var j = 0; j < Criterion4Breakdown.PairConfirmations.Length; j++)
            {
                Count("criterion4", $"comparative pairs: {Criterion4Breakdown.PairConfirmations[j]}", pairs[i].Threshold.ToString(), pairs[i].Confirmations[j], d.HiddenCell(pairs, i, j));
            }
        }
        foreach (var arm in new[] { Criterion4.Radiofrequency, Criterion4.Steroid })
        {
            var name = Criterion4Analysis.Describe(arm.Therapy);
            var byResult = Criterion4Breakdown.For(arm);
            foreach (var (curve, result) in new[] { (byResult.Positive, "positive"), (byResult.Negative, "negative") })
            {
                Row("criterion4", "durability: relief lost / followed up", $"{name} after a {result} block at {arm.Primary.Threshold}",
                    curve.Events, curve.Total, curve.Median, null, hidden: d.Hidden(curve));
            }
            var flowHidden = d.Hidden(arm.Flow);
            Count("criterion4", "cohort logged", name, arm.Flow.Logged);
            Count("criterion4", "cohort eligible", name, arm.Flow.Eligible, flowHidden);
            Count("criterion4", "cohort followed up", name, arm.Flow.FollowedUp, flowHidden);
            Count("criterion4", "cohort analysed", name, arm.Flow.Analysed, flowHidden);
            foreach (var t in arm.Thresholds)
            {
                var group = $"{name} at {t.Threshold}";
                var hidden = d.Hidden(t);
                Count("criterion4", "cases", group, t.Cases);
                string[] cells = ["true positive", "false positive", "false negative", "true negative"];
                int[] values = [t.Table.TruePositive, t.Table.FalsePositive, t.Table.FalseNegative, t.Table.TrueNegative];
                for (var i = 0; i < 4; i++)
                {
                    Count("criterion4", cells[i], group, values[i], d.HiddenCell(t, i / 2, i % 2));
                }
                Proportion("criterion4", "PPV", group, t.PositivePredictiveValue, VerdictText(d.Shown(t.Verdict)), hidden);
                Proportion("criterion4", "success after negative block", group, t.SuccessAfterNegative, hidden: hidden);
                Row("criterion4", "success difference (positive - negative)", group, null, null, t.SuccessDifference.Value, t.SuccessDifference.Interval, hidden: hidden);
                if (t.Accuracy is { } a)
                {
                    Proportion("criterion4", "sensitivity", group, a.Sensitivity, hidden: hidden);
                    Proportion("criterion4", "specificity", group, a.Specificity, hidden: hidden);
                    Proportion("criterion4", "NPV", group, a.NegativePredictiveValue, hidden: hidden);
                    Row("criterion4", "LR+ (uncorrected)", group, null, null, a.PositiveLikelihoodRatio.Value, a.PositiveLikelihoodRatio.Interval, hidden: hidden);
                    Row("criterion4", "LR- (uncorrected)", group, null, null, a.NegativeLikelihoodRatio.Value, a.NegativeLikelihoodRatio.Interval, hidden: hidden);
                }
                var v = t.Verification;
                Count("criterion4", "classifiable blocks, positive (treated or not)", group, v.PositiveBlocks);
                Count("criterion4", "classifiable blocks, negative (treated or not)", group, v.NegativeBlocks);
                Proportion("criterion4", "treated and followed up, of positive blocks", group, v.TreatedAfterPositive, hidden: hidden);
                Proportion("criterion4", "treated and followed up, of negative blocks", group, v.TreatedAfterNegative, hidden: hidden);
                Row("criterion4", "sensitivity (Begg-Greenes corrected)", group, null, null, v.Sensitivity.Value, v.Sensitivity.Interval, hidden: hidden);
                Row("criterion4", "specificity (Begg-Greenes corrected)", group, null, null, v.Specificity.Value, v.Specificity.Interval, hidden: hidden);
                Row("criterion4", "LR+ (Begg-Greenes corrected)", group, null, null, v.PositiveLikelihoodRatio.Value, v.PositiveLikelihoodRatio.Interval, hidden: hidden);
                Row("criterion4", "LR- (Begg-Greenes corrected)", group, null, null, v.NegativeLikelihoodRatio.Value, v.NegativeLikelihoodRatio.Interval, hidden: hidden);
                Proportion("criterion4", "pre-test probability of success", group, t.PreTestProbability, hidden: hidden);
                Row("criterion4", "post-test probability after a positive block", group, null, null, t.PostTestAfterPositive, null, hidden: hidden);
                Row("criterion4", "post-test probability after a negative block", group, null, null, t.PostTestAfterNegative, null, hidden: hidden);
                Row("criterion4", $"LR+ the verdict used ({(t.Decision.UsesCorrected ? "corrected" : "uncorrected")}) against E = {t.Decision.Threshold.ToString("0.##", CultureInfo.InvariantCulture)}",
                    group, null, null, t.Decision.LikelihoodRatio?.Value, t.Decision.LikelihoodRatio?.Interval, VerdictText(d.Shown(t.Verdict)), hidden);
            }
        }
        Proportion("claims", "pain below the knee", "confirmed cases", Claims.BelowKnee.Proportion, VerdictText(d.Shown(Claims.BelowKnee.Verdict)));
        foreach (var (claim, leftOut) in new[] { ("pain below the knee", Claims.BelowKnee.LeftOut), ("bilateral", Claims.Bilateral.LeftOut),
                     ("imaging level", Claims.Imaging.LeftOut), ("territory", Claims.Territory.LeftOut) })
        {
            Count("claims", $"left out of the denominator: {claim}", "confirmed patients without the item", leftOut.Sum(l => l.Patients));
            foreach (var l in leftOut)
            {
                Count("claims", $"left out of the denominator: {claim}", l.Reason, l.Patients);
            }
        }
        Proportion("claims", "bilateral", "confirmed cases", Claims.Bilateral.Proportion, VerdictText(d.Shown(Claims.Bilateral.Verdict)));
        Row("claims", "Cohen's kappa imaging vs block level", "confirmed cases with imaging level", null, Claims.Imaging.Table.Sum(r => r.Sum()),
            Claims.Imaging.Kappa.Kappa, Claims.Imaging.Kappa.Interval, VerdictText(d.Shown(Claims.Imaging.Verdict)), d.Hidden(Claims.Imaging.Kappa));
        Row("claims", "Cramér's V territory vs block level", "confirmed cases with territory", null, Claims.Territory.Table.Sum(r => r.Sum()),
            Claims.Territory.Test.CramersV, Claims.Territory.Test.CramersVInterval, VerdictText(d.Shown(Claims.Territory.Verdict)), d.Hidden(Claims.Territory.Test));
        for (var i = 0; i < Claims.Imaging.Levels.Count; i++)
        {
            for (var j = 0; j < Claims.Imaging.Levels.Count; j++)
            {
                Count("claims", "imaging level against block level", $"{Claims.Imaging.Levels[i].Code} / {Claims.Imaging.Levels[j].Code}",
                    Claims.Imaging.Table[i][j], d.HiddenCell(Claims.Imaging.Table, i, j));
            }
        }
        for (var i = 0; i < Claims.Territory.Territories.Count; i++)
        {
            for (var j = 0; j < Claims.Territory.Segments.Count; j++)
            {
                Count("claims", "territory against block level", $"{Claims.Territory.Territories[i]} / {Claims.Territory.Segments[j].Code}",
                    Claims.Territory.Table[i][j], d.HiddenCell(Claims.Territory.Table, i, j));
            }
        }
        foreach (var c in Quality.Completion)
        {
            Proportion("quality", "follow-up completion", $"{c.Kind} {c.Label}", c.Completion);
        }
        foreach (var p in Quality.Pain)
        {
            Row("quality", "pain median", $"{p.Kind} {p.Label}", null, p.Pain.Count, p.Pain.Median,
                p.Pain.LowerQuartile is { } q1 && p.Pain.UpperQuartile is { } q3 ? new Interval(q1, q3) : null, hidden: d.Hidden(p.Pain));
        }
        Row("quality", "complications per 100 procedures", "all", Quality.Complications.Events, Quality.Complications.Procedures, Quality.Complications.Rate,
            Quality.Complications.Interval, hidden: d.Hidden(Quality.Complications));
        foreach (var c in Quality.ComplicationsByKind)
        {
            Row("quality", "complications per 100 procedures", c.Kind, c.Rate.Events, c.Rate.Procedures, c.Rate.Rate, c.Rate.Interval, hidden: d.Hidden(c.Rate));
        }
        foreach (var o in Quality.Operators)
        {
            Row("quality", "RF success at 3 months by operator", o.Operator, o.Successes ?? 0, o.Total ?? 0, o.Rate, o.Interval, hidden: d.Hidden(o));
            if (o.Exact is { } exact)
            {
                Row("quality", ExactFigure("RF success at 3 months by operator"), o.Operator, o.Successes ?? 0, o.Total ?? 0, o.Rate, exact, hidden: d.Hidden(o));
            }
        }
        foreach (var s in Quality.Durability)
        {
            Row("quality", "RF durability: relief lost / followed up", s.Segment, s.Curve.Events, s.Curve.Total, s.Curve.Median, null, hidden: d.Hidden(s.Curve));
        }
        foreach (var (table, figure) in new[] { (d.VolumeByMonth, "procedure targets by month"), (d.VolumeBySegment, "procedure targets by segment") })
        {
            for (var i = 0; i < table.Rows.Count; i++)
            {
                for (var j = 0; j < table.Columns.Count; j++)
                {
                    Count("quality", figure, $"{table.Rows[i]} {table.Columns[j]}", table.Counts[i][j], d.HiddenCell(table, i, j));
                }
            }
        }
        rows.AddRange(Blinded?.Figures() ?? []);
        return rows;
    }

    /// <summary>The figure that carries a small proportion's exact interval (<see cref="ExactIntervalRule"/>) beside its Wilson row.</summary>
    public static string ExactFigure(string figure) => $"{figure}, exact 95% CI (Clopper-Pearson)";

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
            Rule = Criterion4VerdictRule.Default with { LikelihoodRatioThreshold = filters.LikelihoodRatioThreshold },
        };
        var criterion4 = Criterion4Analysis.Analyse(data.Cases, options);
        var claims = new ClaimsSection(
            SourceTextClaims.TerritoryIndicatesLevel(data.TerritoryCases, leftOut: data.LeftOut.Territory),
            SourceTextClaims.ImagingAgreesWithBlocks(data.LevelCases, leftOut: data.LeftOut.Imaging),
            SourceTextClaims.PainBelowKnee(data.BelowKneeCases, data.BelowKneeRecorded, data.BelowKneeRecorded, leftOut: data.LeftOut.BelowKnee),
            SourceTextClaims.BilateralCasesOccur(data.BilateralCases, data.ConfirmedCases, data.ConfirmedPatients));

        var funnel = QualityFigures.OperatorFunnel(data.Operators.Select(o => (o.Operator, o.Successes, o.Total)));
        var operatorTotal = data.Operators.Sum(o => o.Total);
        var quality = new QualityFigureSet(
            [.. data.Completion.Select(c => new CompletionRow(c.Kind, c.Label, c.DaysAfter, QualityFigures.FollowUpCompletion(c.Completed, c.Due)))],
            [.. data.Pain.Select(p => new PainRow(p.Kind, p.Label, p.DaysAfter, p.Pain))],
            QualityFigures.ComplicationRatePer100(data.Complications.Sum(c => c.WithComplication), data.Complications.Sum(c => c.Procedures)),
            [.. data.Complications.Select(c => new ComplicationRow(c.Kind, QualityFigures.ComplicationRatePer100(c.WithComplication, c.Procedures)))],
            operatorTotal == 0 ? null : (double)data.Operators.Sum(o => o.Successes) / operatorTotal,
            [.. funnel.Select(f => new OperatorRow(f.Operator, f.Suppressed, f.Success.Successes, f.Success.Total, f.Success.Value, f.Success.Wilson, f.Outside95, f.Outside998))],
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
            ScopePatients = data.ScopePatients,
            Criterion4 = criterion4,
            Claims = claims,
            Quality = quality,
            Criterion4Breakdown = new(
                [.. options.Thresholds.Select(t => Criterion4Breakdowns.PairCounts(data.Cases, t))],
                Criterion4Breakdowns.DurabilityByBlockResult(data.Cases, TherapeuticKind.RadiofrequencyDenervation, options),
                Criterion4Breakdowns.DurabilityByBlockResult(data.Cases, TherapeuticKind.SteroidInjection, options)),
            Methods = [
                .. AnalysisMethods.Describe(options),
                $"Treatment success is read at the answered follow-up nearest {ThreeMonthReading.TargetDays} days after the therapy, between {ThreeMonthReading.MinDays} and {ThreeMonthReading.MaxDays} days; relief = (pre-procedure pain − follow-up pain) / pre-procedure pain × 100.",
                "Cases: each patient's first diagnostic block (single or first of a comparative pair) at a segment and side within the filters; its confirmatory or saline partner is the block logged as its partner; the therapy is the first RF denervation or steroid injection at the same segment and side after it. Comparative pairs are judged at each threshold: concordant at a threshold when relief at or above it lasts longer with the long-acting agent, so a pair can be concordant at 50% and discordant at 80%.",
                "Confirmed cases (for the source-text claims): first block at or above the primary threshold; territory = the most affected territory of the patient's latest assessment.",
                $"No patient identity appears in this report. Small cells: every count from 1 to 4 patients reads \"{SmallCellSuppression.Withheld}\", with every figure computed from it (a proportion whose numerator or complement is under 5, a 2 × 2 table with a cell under 5, a median or survival curve of fewer than 5); in each row and column of a table with a withheld cell a second cell is withheld too, so that no total gives it back; a cohort of fewer than 5 patients shows no figure. This applies to every reader of the report.",
            ],
        };
    }
}
