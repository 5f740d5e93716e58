using System.Globalization;
using System.Text.Json;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.IntegrationTests.Reports;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Web.Features.Reports;
using ProcedureRegistry.Web.Reports;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

// Issue 11, part 4: what the report promises, shown. Part of OutcomeReportTests (its app, database and synthetic registry).
public sealed partial class OutcomeReportTests
{
    private static string Pct(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static JsonElement[] JsonFigures(OutcomeReport report) =>
        [.. JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("figures").EnumerateArray()];

    private static JsonElement JsonFigure(OutcomeReport report, string figure, string group) =>
        JsonFigures(report).Single(f => f.GetProperty("figure").GetString() == figure && f.GetProperty("group").GetString() == group);

    // Runs of white space as one space: a sentence may wrap anywhere.
    private static async Task<string> PdfTextAsync(string name, byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Replace(await Pdf.TextAsync(await Pdf.SaveAsync(name, pdf)), @"\s+", " ");

    [Fact]
    public async Task The_report_shows_the_comparative_pairs_the_durability_by_block_result_and_exact_intervals_for_small_numbers_and_collapses_an_arm_with_no_cases()
    {
        var (report, pdf, _) = await ComputeAsync(new ReportFilters { ClinicIds = [app.SyntheticClinicId] });
        var text = await PdfTextAsync("outcome-report-presentation", pdf);

        // The false-positive table says in plain words whom it counts.
        Assert.Contains("first blocks that had a confirmatory block", text);

        // Comparative pairs at 80%: 60 first blocks below it, 42 confirmatory blocks below it, 98 concordant pairs.
        var pairs = report.Criterion4Breakdown.Pairs.Single(p => p.Threshold.Percent == 80);
        Assert.Equal(new ComparativePairCounts(ReliefThreshold.Eighty, SyntheticRegistry.Patients, 0,
            SyntheticRegistry.Patients - SyntheticRegistry.PositiveFirstBlocks, SyntheticRegistry.FalsePositives,
            SyntheticRegistry.PositiveFirstBlocks - SyntheticRegistry.FalsePositives, 0, 0), pairs);
        Assert.Contains("Comparative pairs: what the confirmatory block made of the first blocks that reached the threshold", text);
        Assert.Matches(@"80%\s+140\s+42\s+98\s+0\s+0", text);
        Assert.Equal(98, JsonFigure(report, "comparative pairs: both reached it, concordant", "80%").GetProperty("denominator").GetInt32());
        Assert.Equal(140, JsonFigure(report, "comparative pairs: first block reached the threshold", "80%").GetProperty("denominator").GetInt32());
        Assert.Contains("200 first blocks had a confirmatory block in all", text);
        Assert.Contains("criterion4,comparative pairs: confirmatory block below the threshold,80%,,42,", report.ToCsv());

        // The criterion-4 durability curve by block result, in the PDF (a chart) and the JSON.
        var byResult = report.Criterion4Breakdown.Radiofrequency;
        Assert.Equal(SyntheticRegistry.PositiveFirstBlocks, byResult.Positive.Total);
        Assert.Equal(SyntheticRegistry.Patients - SyntheticRegistry.PositiveFirstBlocks, byResult.Negative.Total);
        Assert.Contains($"positive block: n = {byResult.Positive.Total}, relief lost {byResult.Positive.Events}", text);
        Assert.Contains($"negative block: n = {byResult.Negative.Total}, relief lost {byResult.Negative.Events}", text);
        var negative = JsonFigure(report, "durability: relief lost / followed up", "RF denervation after a negative block at 80%");
        Assert.Equal(byResult.Negative.Events, negative.GetProperty("numerator").GetInt32());
        Assert.Equal(byResult.Negative.Total, negative.GetProperty("denominator").GetInt32());

        // Exact intervals beside Wilson where the numbers are small, and only there: sensitivity at 90% is 0/110.
        var sensitivity = report.Criterion4.Radiofrequency.Thresholds.Single(t => t.Threshold.Percent == 90).Accuracy!.Sensitivity;
        Assert.True(ExactIntervalRule.IsSmall(sensitivity));
        Assert.Contains($"exact {Pct(sensitivity.Exact!.Value.Lower)}–{Pct(sensitivity.Exact.Value.Upper)}", text);
        var exactRow = JsonFigure(report, OutcomeReport.ExactFigure("sensitivity"), "RF denervation at 90%");
        Assert.Equal(Math.Round(sensitivity.Exact.Value.Upper, 6), exactRow.GetProperty("upper").GetDouble());
        var ppv = report.Criterion4.Radiofrequency.Primary.PositivePredictiveValue; // 98/140: not small
        Assert.False(ExactIntervalRule.IsSmall(ppv));
        Assert.DoesNotContain(JsonFigures(report), f => f.GetProperty("figure").GetString() == OutcomeReport.ExactFigure("PPV") && f.GetProperty("group").GetString() == "RF denervation at 80%");
        Assert.DoesNotContain($"exact {Pct(ppv.Exact!.Value.Lower)}", text);
        // Every exact row sits beside its Wilson row: same counts and value.
        var figures = report.Figures();
        foreach (var exact in figures.Where(r => r[1]!.EndsWith(", exact 95% CI (Clopper-Pearson)", StringComparison.Ordinal)))
        {
            var wilson = figures.Single(r => r[0] == exact[0] && OutcomeReport.ExactFigure(r[1]!) == exact[1] && r[2] == exact[2]);
            Assert.Equal(wilson[3..6], exact[3..6]);
        }

        // No steroid injection was given: that arm is one line, not a page of 0/0 tables.
        Assert.Contains("No cases in this arm", text);
        Assert.Contains("none of the 200 blocked segment cases logged was treated by steroid injection", text);
        Assert.DoesNotContain("Cohort flow, steroid injection", text);
        Assert.DoesNotContain("Block result against success of steroid injection", text);
        Assert.Contains("Cohort flow, RF denervation", text);
    }

    [Fact]
    public async Task Exact_intervals_and_durability_by_block_result_are_withheld_with_the_figures_they_belong_to()
    {
        var clinicId = await app.ClinicAsync("SMALLX");
        await SyntheticRegistry.WriteAsync(app.ConnectionString, clinicId, patients: 30, idOffset: 400_000);
        var (report, pdf, _) = await ComputeAsync(new ReportFilters { ClinicIds = [clinicId] });
        var text = await PdfTextAsync("outcome-report-small-exact", pdf);
        const string group = "RF denervation at 80%";

        // 30 patients: PPV x/21 is small (exact interval due) but its table has a cell of 2: both rows read "< 5".
        var ppv = report.Criterion4.Radiofrequency.Primary.PositivePredictiveValue;
        Assert.True(ExactIntervalRule.IsSmall(ppv));
        Assert.True(report.Disclosure.Hidden(ppv));
        Assert.Equal("< 5", JsonFigure(report, OutcomeReport.ExactFigure("PPV"), group).GetProperty("upper").GetString());
        Assert.DoesNotContain($"exact {Pct(ppv.Exact!.Value.Lower)}–{Pct(ppv.Exact.Value.Upper)}", text);

        // The durability curves by block result would give the withheld cells back near 3 months: withheld too.
        foreach (var result in new[] { "positive", "negative" })
        {
            Assert.Equal("< 5", JsonFigure(report, "durability: relief lost / followed up", $"RF denervation after a {result} block at 80%").GetProperty("numerator").GetString());
        }
        Assert.Contains("No durability curve by block result for RF denervation: withheld, because", text);

        // A shown small proportion carries its exact interval: follow-up completion 30/30.
        var completion = report.Quality.Completion.Single(c => c.Kind == "RfDenervation" && c.Label == "3 months").Completion;
        Assert.Matches(System.Text.RegularExpressions.Regex.Escape($"30/30 = 100.0% ({Pct(completion.Wilson!.Value.Lower)}–100.0%)") + @"\s+"
            + System.Text.RegularExpressions.Regex.Escape($"exact {Pct(completion.Exact!.Value.Lower)}–100.0%"), text);
        Assert.Equal(Math.Round(completion.Exact.Value.Lower, 6),
            JsonFigure(report, OutcomeReport.ExactFigure("follow-up completion"), "RfDenervation 3 months").GetProperty("lower").GetDouble());
    }

    [Fact]
    public async Task An_arm_treated_but_never_followed_up_is_one_line_and_a_crowded_funnel_keeps_its_labels_apart()
    {
        var segment = SpinalSegment.Parse("L4-L5");
        // 40 RF cases with a result and a follow-up; 12 steroid injections, none followed up.
        var cases = Enumerable.Range(0, 52).Select(i => new BlockedSegmentCase(i, segment, Side.Left, i % 3 == 0 ? 40 : 90, null, null, null,
            i < 40 ? TherapeuticKind.RadiofrequencyDenervation : TherapeuticKind.SteroidInjection,
            i < 40 ? (i % 4 == 0 ? 20 : 70) : null, i < 40 ? 1 + i % 6 : null, i % 4 == 0)).ToList();
        // Twelve operators of about the same size and success: their points sit on each other.
        var operators = Enumerable.Range(0, 12).Select(i => new OperatorCount($"Dr {(char)('A' + i)}", 13 + i % 3, 20 + i % 2)).ToList();
        var data = new ReportDataSet(cases, [], [], 0, 0, new ClaimsLeftOut([], [], []), 0, 0, 0, 400, 52, [], [], [], operators, [], [], TimeSpan.Zero);
        var report = OutcomeReportBuilder.Build(data, new ReportFilters { ClinicIds = [app.SyntheticClinicId] }, DateTimeOffset.UtcNow);

        var documents = await app.Factory.Services.GetRequiredService<IReportRenderer>().RenderAsync(report);
        var text = await PdfTextAsync("outcome-report-crowded", documents.Pdf);

        Assert.Equal((12, 0, 0), (report.Criterion4.Steroid.Flow.Eligible, report.Criterion4.Steroid.Flow.FollowedUp, report.Criterion4.Steroid.Flow.Analysed));
        Assert.Contains("No cases in this arm (verdict: not enough data): 12 treated by steroid injection at the same segment and side, 0 of them followed up at the chosen point", text);
        Assert.DoesNotContain("Cohort flow, steroid injection", text);
        Assert.Contains("Cohort flow, RF denervation", text);

        // The funnel's letters, as printed: each operator's letter in the table, and no two label boxes overlapping.
        var funnel = System.Xml.Linq.XDocument.Parse(System.Text.RegularExpressions.Regex.Match(documents.Html, "<svg[^>]*>(?:(?!</svg>).)*RF success by operator.*?</svg>", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
        var labels = funnel.Descendants().Where(e => e.Attribute("class")?.Value == "point-label").ToList();
        // Operators with the same counts share a label: A and G (13/20), and so on.
        Assert.Equal(6, labels.Count);
        Assert.Contains(labels, l => l.Value == "A, G");
        var boxes = labels.Select(l => new Web.Reports.Charts.LabelBox(
            double.Parse(l.Attribute("x")!.Value, CultureInfo.InvariantCulture), double.Parse(l.Attribute("y")!.Value, CultureInfo.InvariantCulture) - Web.Reports.Charts.LabelLayout.Baseline,
            Web.Reports.Charts.LabelLayout.Width(l.Value), Web.Reports.Charts.LabelLayout.Height)).ToList();
        Assert.All(boxes.SelectMany((b, i) => boxes.Skip(i + 1).Select(o => (b, o))), pair => Assert.False(pair.b.Overlaps(pair.o), $"{pair.b} overlaps {pair.o}"));
        Assert.Matches(@"A\s+Dr A\s+13/20", text);
    }

    [Fact]
    public async Task Comparative_pair_counts_never_give_back_a_withheld_false_positive_rate_or_a_small_cell()
    {
        var (built, _, _) = await ComputeAsync(new ReportFilters { ClinicIds = [app.SyntheticClinicId] });
        ComparativePairCounts Row(int percent, int firstNegative, int confirmatoryNegative, int concordant, int discordant) =>
            new(ReliefThreshold.Create(percent), 40, 0, firstNegative, confirmatoryNegative, concordant, discordant, 0);
        var report = new OutcomeReport
        {
            GeneratedAt = built.GeneratedAt, Filters = built.Filters, FilterDescription = built.FilterDescription, LoggedCases = built.LoggedCases,
            LoggedPatients = built.LoggedPatients, ProceduresInScope = built.ProceduresInScope, ScopePatients = built.ScopePatients,
            Criterion4 = built.Criterion4, Claims = built.Claims, Quality = built.Quality, Methods = built.Methods,
            Criterion4Breakdown = built.Criterion4Breakdown with
            {
                Pairs =
                [
                    Row(50, 5, 20, 2, 13), // 2 concordant: the three "both reached" cells go together (their sum, 15, is published)
                    Row(80, 27, 12, 1, 0), // 12 of 13 confirmatory blocks below: the rate is withheld, and so is the whole row
                    Row(90, 40, 0, 0, 0),  // nothing reached 90%: zeros describe nobody and stay
                ],
            },
        };
        string[] Cells(string group) => [.. Criterion4Breakdown.PairConfirmations.Select(name =>
            report.Figures().Single(r => r[1] == $"comparative pairs: {name}" && r[2] == group)[4]!)];

        Assert.Equal(["20", "< 5", "< 5", "< 5"], Cells("50%"));
        Assert.Equal(["< 5", "< 5", "< 5", "< 5"], Cells("80%"));
        Assert.Equal(["0", "0", "0", "0"], Cells("90%"));
        Assert.Equal("13", report.Figures().Single(r => r[1] == "comparative pairs: first block reached the threshold" && r[2] == "80%")[4]);

        var html = await app.Factory.Services.GetRequiredService<RazorViewRenderer>().RenderAsync(OutcomeReport.ViewPath, report);
        var table = System.Text.RegularExpressions.Regex.Match(html, "<table id=\"comparative-pairs\">.*?</table>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.DoesNotContain(">12<", table);
        Assert.Contains(">13<", table); // the published denominator of the false-positive rate at 80%
        Assert.Contains(">20<", table);
    }
}
