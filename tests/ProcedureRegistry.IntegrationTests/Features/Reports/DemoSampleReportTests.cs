using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.IntegrationTests.Reports;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Reports;
using ProcedureRegistry.Web.Infrastructure.Demo;
using ProcedureRegistry.Web.Jobs;
using Xunit.Abstractions;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

/// <summary>
/// The outcome report of the demo clinic (300 synthetic patients, as <c>seed-demo</c> writes them). With
/// <c>WRITE_REPORT_SAMPLE=1</c> it also replaces the committed sample, <c>tests/samples/outcome-report-demo.pdf</c>
/// and the PNG of its first page.
/// </summary>
public sealed class DemoSampleReportTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_demo_clinic_gives_a_complete_report_without_identities()
    {
        var clinicId = await app.ClinicAsync("DEMO");
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var writer = new DemoClinicWriter(scope.ServiceProvider.GetRequiredService<RegistryDbContext>(), TimeProvider.System);
            await writer.SeedAsync(clinicId, 300);
        }

        var (report, pdf, timings) = await app.Factory.Services.GetRequiredService<GenerateOutcomeReport>()
            .ComputeAsync(new ReportFilters { ClinicIds = [clinicId] });
        output.WriteLine($"{report.LoggedCases} cases; extraction {timings.Extraction.TotalMilliseconds:0} ms, statistics {timings.Statistics.TotalMilliseconds:0} ms, PDF {timings.Pdf.TotalMilliseconds:0} ms");

        var path = await Pdf.SaveAsync("outcome-report-demo", pdf);
        var text = await Pdf.TextAsync(path);
        Assert.Contains("Does relief after a diagnostic block establish the diagnosis", text);
        Assert.Contains("Page 1 of", text);
        Assert.Contains("Verdict:", text);
        Assert.DoesNotContain("NaN", text);
        Assert.DoesNotContain("DEMO-0", text);
        Assert.DoesNotContain("NaN", report.ToJson());
        var pngs = await Pdf.PngsAsync(path, dpi: 50);
        Assert.All(pngs, png => Assert.True(new FileInfo(png).Length > 2_000, $"{png} looks empty"));

        if (Environment.GetEnvironmentVariable("WRITE_REPORT_SAMPLE") == "1")
        {
            var samples = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "tests", "samples")).FullName;
            File.Copy(path, Path.Combine(samples, "outcome-report-demo.pdf"), overwrite: true);
            File.Copy(pngs[0], Path.Combine(samples, "outcome-report-demo-page1.png"), overwrite: true);
            output.WriteLine($"sample written to {samples}");
        }
    }
}
