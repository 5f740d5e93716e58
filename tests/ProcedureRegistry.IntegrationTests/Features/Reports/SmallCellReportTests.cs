using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.IntegrationTests.Reports;
using ProcedureRegistry.Web.Features.Reports;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

/// <summary>
/// Issue 10, finding 6: figures resting on fewer than 5 patients, and the cells that would give them back, read
/// "&lt; 5" in the PDF, on screen, in the JSON and in the CSV; a cohort under 5 patients shows no figure at all.
/// </summary>
public sealed partial class OutcomeReportTests
{
    private sealed record Published(long Id, string Pdf, string Html, JsonDocument Json, string[][] Csv);

    /// <summary>An Analyst requests the report through the form, the job runs, and the four documents are read back.</summary>
    private async Task<Published> PublishAsync(HttpClient analyst, string name, params (string, string)[] filters)
    {
        var posted = await analyst.PostFormAsync("/reports/new", "/reports/new",
            Html.Fields([("Filters.ThresholdPercent", "80"), ("Filters.Exposure", "SingleBlock"), .. filters]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var id = long.Parse(posted.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
        await app.Factory.Services.GetRequiredService<GenerateOutcomeReport>().RunAsync(id, CancellationToken.None);

        var pdf = await Pdf.TextAsync(await Pdf.SaveAsync(name, await analyst.GetByteArrayAsync($"/reports/{id}/pdf")));
        var html = WebUtility.HtmlDecode(await analyst.GetStringAsync($"/reports/{id}/view"));
        var json = JsonDocument.Parse(await analyst.GetStringAsync($"/reports/{id}/json"));
        var csv = (await analyst.GetStringAsync($"/reports/{id}/csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(',')).ToArray();
        return new Published(id, pdf.ReplaceLineEndings(" "), html, json, csv);
    }

    private static string[] CsvRow(Published report, string figure, string group) =>
        report.Csv.Single(r => r[1] == figure && r[2] == group);

    private static JsonElement JsonFigure(Published report, string figure, string group) =>
        report.Json.RootElement.GetProperty("figures").EnumerateArray()
            .Single(f => f.GetProperty("figure").GetString() == figure && f.GetProperty("group").GetString() == group);

    [Fact]
    public async Task An_analysts_report_on_one_day_one_operator_and_one_kind_says_the_cohort_is_too_small_and_shows_no_figures()
    {
        var analyst = await app.SignedInClientAsync(Roles.Analyst, clinic: "SYN");

        // 2 March: the first three synthetic patients' first blocks (09:00, 14:00, 19:00), all by Dr Block.
        var report = await PublishAsync(analyst, "outcome-report-tiny-cohort",
            ("Filters.From", "2026-03-02"), ("Filters.To", "2026-03-02"), ("Filters.Operator", "Dr Block"), ("Filters.Kind", "DiagnosticBlock"));

        const string message = "The cohort has fewer than 5 patients: no figure is shown";
        foreach (var document in new[] { report.Pdf, report.Html })
        {
            Assert.Contains(message, document);
            Assert.Contains("< 5 blocked segment cases of < 5 patients", document);
            Assert.DoesNotContain("Verdict:", document);
            Assert.DoesNotContain("Criterion 4: does relief", document);
            Assert.DoesNotContain("Pain after the procedure", document);
            Assert.DoesNotContain("Complications", document);
        }
        Assert.True(report.Json.RootElement.GetProperty("cohortWithheld").GetBoolean());
        Assert.Contains(message, report.Json.RootElement.GetProperty("smallCells").GetString());
        Assert.Equal(0, report.Json.RootElement.GetProperty("verdicts").GetArrayLength());
        var only = Assert.Single(report.Json.RootElement.GetProperty("figures").EnumerateArray());
        Assert.Equal("< 5", only.GetProperty("denominator").GetString());
        Assert.Equal(2, report.Csv.Length); // the header and the one line that says so
        Assert.Equal(["report", "cohort", "all", "", "< 5", "", "", "", "fewer than 5 patients: no figures shown"], report.Csv[1]);

        // Built suppressed once, for every reader: an Admin (identified access) downloads the same document.
        var admin = await app.SignedInClientAsync(Roles.Admin, clinic: "SYN");
        Assert.Equal(await analyst.GetStringAsync($"/reports/{report.Id}/csv"), await admin.GetStringAsync($"/reports/{report.Id}/csv"));
        Assert.Contains(message, WebUtility.HtmlDecode(await admin.GetStringAsync($"/reports/{report.Id}/view")));
    }

    [Fact]
    public async Task A_2x2_table_with_a_cell_under_5_is_withheld_with_its_complements_in_all_four_formats_and_larger_figures_still_show()
    {
        var clinicId = await app.ClinicAsync("SMALL");
        await SyntheticRegistry.WriteAsync(app.ConnectionString, clinicId, patients: 30, idOffset: 300_000);
        var analyst = await app.SignedInClientAsync(Roles.Analyst, clinic: "SMALL");
        var (model, _, _) = await ComputeAsync(new ReportFilters { ClinicIds = [clinicId] });
        var table = model.Criterion4.Radiofrequency.Primary.Table;
        // 30 patients: 21 positive first blocks, 9 negative; RF succeeded after 2 of the negative ones.
        Assert.Equal(2, table.FalseNegative);
        Assert.True(table.TruePositive >= 5 && table.FalsePositive >= 5 && table.TrueNegative >= 5, table.ToString());

        var report = await PublishAsync(analyst, "outcome-report-small-cell");

        const string group = "RF denervation at 80%";
        // The 2 and the three cells that would give it back from the margins (21 positive blocks, 30 cases).
        foreach (var cell in new[] { "true positive", "false positive", "false negative", "true negative" })
        {
            Assert.Equal("< 5", CsvRow(report, cell, group)[4]);
            Assert.Equal("< 5", JsonFigure(report, cell, group).GetProperty("denominator").GetString());
        }
        foreach (var figure in new[] { "PPV", "success after negative block", "success difference (positive - negative)" })
        {
            Assert.Equal("< 5", CsvRow(report, figure, group)[5]);
            Assert.Equal("< 5", JsonFigure(report, figure, group).GetProperty("value").GetString());
        }
        foreach (var document in new[] { report.Pdf, report.Html })
        {
            // pdftotext closes up the spaces of a narrow column.
            var text = document.Replace(" ", "");
            Assert.Contains("<5/<5/<5/<5", text);
            Assert.DoesNotContain($"{table.TruePositive}/{table.FalsePositive}/{table.FalseNegative}/{table.TrueNegative}", text);
            Assert.Contains(ReportDisclosure.WithheldReason, document);
        }
        // A verdict whose figures are withheld is not stated: it reads "not enough data", in every format.
        var rfVerdict = report.Json.RootElement.GetProperty("verdicts").EnumerateArray()
            .Single(v => v.GetProperty("claim").GetString()!.Contains("RF denervation"));
        Assert.Equal(ReportDisclosure.WithheldReason, rfVerdict.GetProperty("reason").GetString());
        Assert.Equal("not enough data", rfVerdict.GetProperty("verdict").GetString());
        Assert.Equal("not enough data", CsvRow(report, "PPV", group)[8]);
        foreach (var document in new[] { report.Pdf, report.Html })
        {
            Assert.DoesNotContain("Verdict (RF denervation, 80%): supported", document);
            Assert.DoesNotContain("Verdict (RF denervation, 80%): refuted", document);
        }
        var ppv = model.Criterion4.Radiofrequency.Primary.PositivePredictiveValue;
        var exact = $"{ppv.Successes}/{ppv.Total} =";
        Assert.DoesNotContain(exact, report.Pdf);
        Assert.DoesNotContain(exact, report.Html);
        Assert.DoesNotContain(ppv.Value!.Value.ToString("0.######", CultureInfo.InvariantCulture), string.Join("\n", report.Csv.Select(r => string.Join(",", r))));

        // Figures on 5 or more patients still show, the same in every format.
        Assert.Equal(["criterion4", "cohort logged", "RF denervation", "", "30", "", "", "", ""], CsvRow(report, "cohort logged", "RF denervation"));
        Assert.Equal(30, JsonFigure(report, "cohort logged", "RF denervation").GetProperty("denominator").GetInt32());
        var completion = CsvRow(report, "follow-up completion", "RfDenervation 3 months");
        Assert.Equal(["30", "30", "1"], completion[3..6]);
        Assert.Equal(1.0, JsonFigure(report, "follow-up completion", "RfDenervation 3 months").GetProperty("value").GetDouble());
        foreach (var document in new[] { report.Pdf, report.Html })
        {
            Assert.Contains("30/30 = 100.0%", document);
            Assert.Contains("30 blocked segment cases of 30 patients", document);
        }
    }
}
