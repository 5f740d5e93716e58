using System.Diagnostics;
using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Reports;
using ProcedureRegistry.Web.Reports.Sample;
using Xunit.Abstractions;

namespace ProcedureRegistry.IntegrationTests.Reports;

/// <summary>The sample report through the whole pipeline: model → Razor view → HTML → Chromium → PDF, and the same view on screen.</summary>
public sealed class SampleReportTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 26, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_sample_report_prints_with_its_charts_tables_and_page_numbers()
    {
        var pdf = await RenderAsync();

        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        var path = await Pdf.SaveAsync("sample-report", pdf);
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
        var html = await scope.ServiceProvider.GetRequiredService<RazorReportRenderer>().RenderHtmlAsync(Sample());
        var log = new ListLogger<ChromiumPdfRenderer>();
        await using var printer = new ChromiumPdfRenderer(Microsoft.Extensions.Options.Options.Create(new ReportRenderingOptions()), log);
        var options = ReportPdfOptions.For(Sample());

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
            await scope.ServiceProvider.GetRequiredService<RazorReportRenderer>().RenderHtmlAsync(Sample());
        }
        output.WriteLine(string.Join(Environment.NewLine, log.Messages));
        output.WriteLine($"first PDF (browser launch + render): {first.ElapsedMilliseconds} ms; next 5 PDFs: {string.Join(", ", renders)} ms; " +
                         $"Razor view to HTML: {views.ElapsedMilliseconds / 5.0:0.#} ms each; HTML {html.Length / 1024} KiB");
        Assert.Equal(1, printer.Launches);
    }

    [Fact]
    public async Task The_same_view_is_the_on_screen_report_under_the_strict_policy()
    {
        var analyst = await app.SignedInClientAsync(Roles.Analyst);

        var response = await analyst.GetAsync("/reports/sample");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"style-src {ReportStyles.CspSource} 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
        var html = await response.Content.ReadAsStringAsync();
        await File.WriteAllTextAsync(Path.Combine(Pdf.OutputFolder, "sample-report.html"), html);
        Assert.Contains("<style>" + ReportStyles.Css + "</style>", html);
        Assert.Equal(5, html.Split("<svg ").Length - 1);
        Assert.DoesNotContain("<script", html);
        // Nothing external: no link, image or font to fetch, CSS inline.
        Assert.DoesNotMatch(@"\b(src|href)\s*=|url\(|@import", html);
        Assert.DoesNotContain("NaN", html);
        // The charts are well-formed XML on the page too.
        foreach (var svg in html.Split("<svg ").Skip(1).Select(s => "<svg " + s[..(s.IndexOf("</svg>", StringComparison.Ordinal) + 6)]))
        {
            XDocument.Parse(svg);
        }
    }

    [Fact]
    public async Task The_sample_pdf_downloads_for_analysts_and_not_for_clinicians()
    {
        var analyst = await app.SignedInClientAsync(Roles.Analyst);
        var clinician = await app.SignedInClientAsync(Roles.Clinician);

        var pdf = await analyst.GetAsync("/reports/sample/pdf");
        var refused = await clinician.GetAsync("/reports/sample/pdf");

        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF-"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..5]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static SampleReport Sample() => new() { GeneratedAt = GeneratedAt };

    private async Task<byte[]> RenderAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IReportRenderer>().RenderPdfAsync(Sample());
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
