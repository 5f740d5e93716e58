using System.Globalization;
using System.Text.Json;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.IntegrationTests.Reports;
using ProcedureRegistry.Web.Features.Reports;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

// Issue 11, part 4: what the report promises, shown. Part of OutcomeReportTests (its app, database and synthetic registry).
public sealed partial class OutcomeReportTests
{
    private static string Pct(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static JsonElement[] JsonFigures(OutcomeReport report) =>
        [.. JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("figures").EnumerateArray()];

    private static JsonElement JsonFigure(OutcomeReport report, string figure, string group) =>
        JsonFigures(report).Single(f => f.GetProperty("figure").GetString() == figure && f.GetProperty("group").GetString() == group);

    private async Task<string> PdfTextAsync(string name, byte[] pdf) =>
        (await Pdf.TextAsync(await Pdf.SaveAsync(name, pdf))).ReplaceLineEndings(" ");

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
        Assert.Contains("Comparative pairs (first blocks that had a confirmatory block", text);
        Assert.Matches(@"80%\s+200\s+60\s+42\s+98\s+0\s+0", text);
        Assert.Equal(98, JsonFigure(report, "comparative pairs: both reached it, concordant", "80%").GetProperty("denominator").GetInt32());
        Assert.Equal(200, JsonFigure(report, "comparative pairs", "80%").GetProperty("denominator").GetInt32());
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
}
