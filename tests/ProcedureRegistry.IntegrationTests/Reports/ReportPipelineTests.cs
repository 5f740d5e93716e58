using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.IntegrationTests.Reports.Specimen;
using ProcedureRegistry.Web.Reports;
using Xunit.Abstractions;

namespace ProcedureRegistry.IntegrationTests.Reports;

/// <summary>This class's app also lays out the test-only <see cref="SpecimenReport"/>, with its view compiled into this assembly.</summary>
public sealed class SpecimenReportAppFixture : AppFixture
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddControllersWithViews().AddApplicationPart(typeof(SpecimenReport).Assembly);
        services.AddReportView<SpecimenReport>(SpecimenReport.ViewPath);
    }
}

/// <summary>A report through the whole pipeline: model → Razor view (with the report layout) → HTML → Chromium → PDF.</summary>
public sealed class ReportPipelineTests(SpecimenReportAppFixture app, ITestOutputHelper output) : IClassFixture<SpecimenReportAppFixture>
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 26, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_report_prints_with_its_charts_tables_and_page_numbers()
    {
        var pdf = await RenderAsync();

        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        var path = await Pdf.SaveAsync("specimen-report", pdf);
        var pages = await Pdf.PagesAsync(path);
        Assert.True(pages >= 3, $"{pages} pages");
        var text = await Pdf.TextAsync(path);
        foreach (var expected in new[]
                 {
                     "Sample outcome report", "Does relief after a diagnostic medial branch block", "Verdicts", "Page 1 of", $"Page {pages} of {pages}",
                     "Generated 2026-11-26 00:30 UTC", "ProcedureRegistry 0.1.0", "Criterion 4", "Outcomes by operator", "suppressed",
                     "relief threshold", "PPV", "95% limits", "weeks after the procedure", "censored", "months after RF", "procedures",
                 })
        {
            Assert.Contains(expected, text);
        }
        Assert.DoesNotContain("NaN", text);
        // Each section starts a page, and the long table's header repeats on the pages it runs over.
        Assert.Contains("Sample outcome report", await Pdf.TextAsync(path, 1));
        Assert.DoesNotContain("Criterion 4", await Pdf.TextAsync(path, 1));
        var pagesWithTableHeader = 0;
        for (var page = 1; page <= pages; page++)
        {
            pagesWithTableHeader += (await Pdf.TextAsync(path, page)).Contains("Diagnostic blocks") ? 1 : 0;
        }
        Assert.True(pagesWithTableHeader >= 2, $"table header on {pagesWithTableHeader} pages");

        var pngs = await Pdf.PngsAsync(path, dpi: 50);
        Assert.Equal(pages, pngs.Count);
        Assert.All(pngs, png => Assert.True(new FileInfo(png).Length > 2_000, $"{png} looks empty"));
        var ink = await Pdf.InkAsync(path);
        // A page with only its header and footer has about 0.1 % ink (a heading more: 0.3 %); the last page holds a few table rows.
        Assert.All(ink, share => Assert.True(share > 0.002, $"a page is blank: ink {share:P1}"));
        output.WriteLine($"{pages} pages, ink per page: {string.Join(", ", ink.Select(i => i.ToString("P1")))}; files in {Pdf.OutputFolder}");
    }

    [Fact]
    public async Task Timings_of_launch_and_render()
    {
        // Its own printer, so that the first render includes the browser's launch.
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var html = await scope.ServiceProvider.GetRequiredService<RazorReportRenderer>().RenderHtmlAsync(Specimen());
        var log = new ListLogger<ChromiumPdfRenderer>();
        await using var printer = new ChromiumPdfRenderer(Microsoft.Extensions.Options.Options.Create(new ReportRenderingOptions()), log);
        var options = ReportPdfOptions.For(Specimen());

        var first = Stopwatch.StartNew();
        await printer.RenderPdfAsync(html, options);
        first.Stop();
        var renders = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var one = Stopwatch.StartNew();
            await printer.RenderPdfAsync(html, options);
            renders.Add(one.ElapsedMilliseconds);
        }
        var views = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            await scope.ServiceProvider.GetRequiredService<RazorReportRenderer>().RenderHtmlAsync(Specimen());
        }
        output.WriteLine(string.Join(Environment.NewLine, log.Messages));
        output.WriteLine($"first PDF (browser launch + render): {first.ElapsedMilliseconds} ms; next 5 PDFs: {string.Join(", ", renders)} ms; " +
                         $"Razor view to HTML: {views.ElapsedMilliseconds / 5.0:0.#} ms each; HTML {html.Length / 1024} KiB");
        Assert.Equal(1, printer.Launches);
    }

    private static SpecimenReport Specimen() => new() { GeneratedAt = GeneratedAt };

    private async Task<byte[]> RenderAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IReportRenderer>().RenderPdfAsync(Specimen());
    }
}

/// <summary>Keeps what a component logs, to show it in the test output.</summary>
public sealed class ListLogger<T> : Microsoft.Extensions.Logging.ILogger<T>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _messages.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
