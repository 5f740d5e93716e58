using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProcedureRegistry.Web.Reports;
using Xunit.Abstractions;

namespace ProcedureRegistry.IntegrationTests.Reports;

/// <summary>One real Chromium (Debian's) for the class, as the app holds one.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public ListLogger<ChromiumPdfRenderer> Log { get; } = new();

    public ChromiumPdfRenderer Renderer { get; }

    public ChromiumFixture() => Renderer = new(Options.Create(new ReportRenderingOptions { TimeoutSeconds = 30 }), Log);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Renderer.DisposeAsync();
}

public sealed class ChromiumPdfRendererTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private static readonly ReportPdfOptions Options = new("Printer test", new DateTimeOffset(2026, 11, 26, 1, 2, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_page_makes_no_network_request_and_runs_no_script()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closedPort = ClosedPort();
        var url = $"http://127.0.0.1:{port}";
        var html = $$"""
            <!DOCTYPE html>
            <html><head>
            <link rel="stylesheet" href="{{url}}/style.css">
            <style>@import url("{{url}}/import.css"); @font-face { font-family: Remote; src: url("{{url}}/font.woff2"); }
              body { background-image: url("{{url}}/background.png"); font-family: Remote, sans-serif; }</style>
            <script src="{{url}}/script.js"></script>
            </head><body>
            <p id="text">STATIC TEXT</p>
            <img src="{{url}}/pixel.png" alt="">
            <img src="http://127.0.0.1:{{closedPort}}/closed.png" alt="">
            <iframe src="{{url}}/frame.html"></iframe>
            <object data="{{url}}/object.pdf"></object>
            <script>document.getElementById("text").textContent = "SCRIPT RAN"; fetch("{{url}}/fetch");</script>
            <noscript><p>NOSCRIPT SHOWN</p></noscript>
            </body></html>
            """;

        var pdf = await chromium.Renderer.RenderPdfAsync(html, Options);

        var path = await Pdf.SaveAsync("network-and-script", pdf);
        var text = await Pdf.TextAsync(path);
        Assert.Contains("STATIC TEXT", text);
        Assert.Contains("NOSCRIPT SHOWN", text);
        Assert.DoesNotContain("SCRIPT RAN", text);
        // Any late connection attempt would have reached the listener by now.
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var accepted = listener.AcceptTcpClientAsync(wait.Token).AsTask();
        await Task.WhenAny(accepted, Task.Delay(600));
        Assert.False(accepted.IsCompletedSuccessfully, "The page connected to the listener: a network request was made.");
    }

    [Fact]
    public async Task A_document_that_navigates_away_is_refused_or_printed_as_written_never_blank()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var html = $"<!DOCTYPE html><html><head><meta http-equiv=\"refresh\" content=\"0; url=http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/\"></head><body><p>THE REPORT</p></body></html>";

        // The refresh fires right after the load event, so it may come before or after printing: try a few times.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            try
            {
                var pdf = await chromium.Renderer.RenderPdfAsync(html, Options);
                Assert.Contains("THE REPORT", await Pdf.TextAsync(await Pdf.SaveAsync("refresh", pdf)));
                output.WriteLine("printed before the refresh fired");
            }
            catch (InvalidOperationException e)
            {
                Assert.Contains("tried to navigate", e.Message);
                output.WriteLine("refused: " + e.Message);
            }
        }
        await Task.Delay(300);
        Assert.False(listener.Pending(), "The page connected to the listener.");
        // The browser is still usable.
        Assert.Contains("next", await Pdf.TextAsync(await Pdf.SaveAsync("after-refresh", await chromium.Renderer.RenderPdfAsync(Document("next"), Options))));
    }

    [Fact]
    public async Task The_next_document_prints_after_the_browser_process_was_killed()
    {
        await chromium.Renderer.RenderPdfAsync(Document("before"), Options);
        var launches = chromium.Renderer.Launches;
        var process = chromium.Renderer.BrowserProcess!;

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        var recovery = Stopwatch.StartNew();
        var pdf = await chromium.Renderer.RenderPdfAsync(Document("after the crash"), Options);
        output.WriteLine($"relaunch and print after the crash: {recovery.ElapsedMilliseconds} ms");

        Assert.Contains("after the crash", await Pdf.TextAsync(await Pdf.SaveAsync("after-crash", pdf)));
        Assert.Equal(launches + 1, chromium.Renderer.Launches);
    }

    [Fact]
    public async Task A_document_being_printed_when_the_browser_dies_is_printed_again()
    {
        await chromium.Renderer.RenderPdfAsync(Document("warm-up"), Options);
        var launches = chromium.Renderer.Launches;
        var process = chromium.Renderer.BrowserProcess!;
        var body = new StringBuilder("<h1>long document</h1>");
        for (var i = 0; i < 3000; i++)
        {
            body.Append($"<p>Paragraph {i}</p>");
        }

        var printing = chromium.Renderer.RenderPdfAsync(Document(body.ToString()), Options);
        await Task.Delay(150);
        process.Kill(entireProcessTree: true);
        var pdf = await printing;
        output.WriteLine(string.Join(Environment.NewLine, chromium.Log.Messages.Where(m => !m.StartsWith("Debug", StringComparison.Ordinal))));

        Assert.Contains("long document", await Pdf.TextAsync(await Pdf.SaveAsync("killed-while-printing", pdf), page: 1));
        Assert.Equal(launches + 1, chromium.Renderer.Launches);
    }

    [Fact]
    public async Task Each_document_gets_a_fresh_page_and_only_the_spare_stays_open()
    {
        // Separate renderer: the class's shared one prints other tests' documents meanwhile.
        await using var renderer = new ChromiumPdfRenderer(
            Microsoft.Extensions.Options.Options.Create(new ReportRenderingOptions { TimeoutSeconds = 30 }), NullLogger<ChromiumPdfRenderer>.Instance);
        var times = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var watch = Stopwatch.StartNew();
            var pdf = await renderer.RenderPdfAsync(Document($"document {i}"), Options);
            times.Add(watch.ElapsedMilliseconds);
            Assert.Contains($"document {i}", await Pdf.TextAsync(await Pdf.SaveAsync($"spare-{i}", pdf)));
            // The document's context is closed; the spare for the next one is prepared in the background.
            for (var wait = Stopwatch.StartNew(); renderer.OpenContexts != 1 && wait.Elapsed < TimeSpan.FromSeconds(10);)
            {
                await Task.Delay(50);
            }
            Assert.Equal(1, renderer.OpenContexts);
        }
        output.WriteLine($"print times (the first launches the browser; the others use the spare page): {string.Join(", ", times)} ms");
        Assert.Equal(1, renderer.Launches);
    }

    [Fact]
    public async Task Concurrent_first_documents_launch_one_browser()
    {
        await using var renderer = new ChromiumPdfRenderer(
            Microsoft.Extensions.Options.Options.Create(new ReportRenderingOptions { MaxConcurrentRenders = 4 }), NullLogger<ChromiumPdfRenderer>.Instance);

        var pdfs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => renderer.RenderPdfAsync(Document($"first {i}"), Options)));

        Assert.All(pdfs, pdf => Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]));
        Assert.Equal(1, renderer.Launches);
    }

    [Fact]
    public async Task A_missing_browser_is_named_with_its_setting()
    {
        await using var renderer = new ChromiumPdfRenderer(
            Microsoft.Extensions.Options.Options.Create(new ReportRenderingOptions { ChromiumPath = "/nonexistent/chromium" }), NullLogger<ChromiumPdfRenderer>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => renderer.RenderPdfAsync(Document("x"), Options));

        Assert.Contains("/nonexistent/chromium", error.Message);
        Assert.Contains("Reports:ChromiumPath", error.Message);
    }

    [Fact]
    public async Task Disposing_the_renderer_closes_its_browser()
    {
        var renderer = new ChromiumPdfRenderer(
            Microsoft.Extensions.Options.Options.Create(new ReportRenderingOptions()), NullLogger<ChromiumPdfRenderer>.Instance);
        await renderer.RenderPdfAsync(Document("once"), Options);
        var process = renderer.BrowserProcess!;

        await renderer.DisposeAsync();

        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(exited.Token);
        Assert.True(process.HasExited);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => renderer.RenderPdfAsync(Document("twice"), Options));
    }

    [Fact]
    public async Task Documents_print_concurrently_on_one_browser_with_a_footer_on_every_page()
    {
        await chromium.Renderer.RenderPdfAsync(Document("warm-up"), Options);
        var launches = chromium.Renderer.Launches;
        var lines = new StringBuilder();
        for (var i = 0; i < 120; i++)
        {
            lines.Append($"<p>Line {i}</p>");
        }

        var started = Stopwatch.StartNew();
        var pdfs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => chromium.Renderer.RenderPdfAsync(Document($"document {i}{lines}"), Options)));
        output.WriteLine($"6 documents printed concurrently (at most 2 at a time) in {started.ElapsedMilliseconds} ms");

        Assert.Equal(launches, chromium.Renderer.Launches);
        var path = await Pdf.SaveAsync("concurrent", pdfs[5]);
        var pages = await Pdf.PagesAsync(path);
        Assert.True(pages > 1);
        for (var page = 1; page <= pages; page++)
        {
            var text = await Pdf.TextAsync(path, page);
            Assert.Contains($"Page {page} of {pages}", text);
            Assert.Contains("Generated 2026-11-26 01:02 UTC", text);
            Assert.Contains("ProcedureRegistry", text);
        }
    }

    private static string Document(string text) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body><h1>{text}</h1></body></html>";

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
