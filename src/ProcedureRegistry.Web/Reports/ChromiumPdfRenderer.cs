using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace ProcedureRegistry.Web.Reports;

/// <summary>
/// Prints HTML the app produced to PDF with headless Chromium (Debian's binary, through PuppeteerSharp).
/// A singleton: the browser is launched once, on first use, and reused; each document gets a fresh browser
/// context and page (prepared in the background once the previous document has printed), with JavaScript off and
/// every network request aborted (the HTML is set directly, so there is no navigation at all; data: URIs are the only
/// subresources allowed). If the browser process died, it is
/// relaunched once and the document printed again. At most <see cref="ReportRenderingOptions.MaxConcurrentRenders"/>
/// documents print at a time. Disposed with the host, which closes the browser.
/// </summary>
public sealed class ChromiumPdfRenderer(
    IOptions<ReportRenderingOptions> options,
    ILogger<ChromiumPdfRenderer> logger) : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// The flags of stack.md (headless, no GPU, nothing the browser would fetch or sync on its own), and a host
    /// resolver that resolves nothing, IP literals included: request interception alone still let Chromium open
    /// speculative (preconnect) sockets to hosts named in the page, which the tests caught.
    /// </summary>
    internal static readonly string[] LaunchFlags =
    [
        // Quoted: PuppeteerSharp joins the arguments into one command line.
        "--host-resolver-rules=\"MAP * ~NOTFOUND\"",
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio",
        "--no-pings", "--disable-domain-reliability", "--disable-breakpad",
    ];

    private readonly ReportRenderingOptions _options = options.Value;
    private readonly SemaphoreSlim _renders = new(Math.Max(1, options.Value.MaxConcurrentRenders));
    private readonly SemaphoreSlim _launch = new(1, 1);
    private volatile IBrowser? _browser;
    private volatile bool _disposed;

    /// <summary>How many times a browser was launched (tests, diagnostics).</summary>
    internal int Launches { get; private set; }

    /// <summary>The current browser process, if one runs (tests kill it to check recovery).</summary>
    internal Process? BrowserProcess => _browser?.Process;

    /// <summary>The browser's contexts other than its default one: the spare and those of documents being printed.</summary>
    internal int OpenContexts => _browser is { } browser ? browser.BrowserContexts().Length - 1 : 0;

    /// <summary>Prints <paramref name="html"/> (a whole document, with its CSS inline) to an A4 PDF.</summary>
    public async Task<byte[]> RenderPdfAsync(string html, ReportPdfOptions pdf, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _renders.WaitAsync(cancellationToken);
        try
        {
            var browser = await BrowserAsync(replacing: null, cancellationToken);
            try
            {
                return await PrintAsync(browser, html, pdf, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && !_disposed && BrowserFailed(browser, e))
            {
                logger.LogWarning(e, "The PDF browser stopped responding (connected: {Connected}); relaunching it and printing again", browser.IsConnected);
                browser = await BrowserAsync(replacing: browser, cancellationToken);
                return await PrintAsync(browser, html, pdf, cancellationToken);
            }
        }
        finally
        {
            _renders.Release();
        }
    }

    /// <summary>The browser died, or hangs (a timeout): worth one relaunch. Other errors are the document's.</summary>
    private static bool BrowserFailed(IBrowser browser, Exception e) =>
        e is TargetClosedException or ProcessException or TimeoutException
        || !browser.IsConnected || browser.IsClosed || browser.Process is { HasExited: true };

    private static bool Alive(IBrowser browser) =>
        browser.IsConnected && !browser.IsClosed && browser.Process is not { HasExited: true };

    private async Task<IBrowser> BrowserAsync(IBrowser? replacing, CancellationToken cancellationToken)
    {
        if (_browser is { } current && current != replacing && Alive(current))
        {
            return current;
        }
        await _launch.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_browser is { } existing)
            {
                if (existing != replacing && Alive(existing))
                {
                    return existing; // another render relaunched it meanwhile
                }
                _browser = null;
                await CloseQuietlyAsync(existing);
            }
            var started = Stopwatch.StartNew();
            var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = _options.ChromiumPath,
                Browser = SupportedBrowser.Chromium,
                HeadlessMode = HeadlessMode.True,
                Args = LaunchFlags,
                // A pipe, not a remote-debugging port that any local process could connect to.
                Pipe = true,
                Timeout = _options.TimeoutSeconds * 1000,
                ProtocolTimeout = _options.TimeoutSeconds * 1000,
                DefaultViewport = null,
            });
            Launches++;
            logger.LogInformation("PDF browser {Path} launched in {Milliseconds} ms (pid {Pid})",
                _options.ChromiumPath, started.ElapsedMilliseconds, browser.Process?.Id);
            _browser = browser;
            return browser;
        }
        catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
        {
            throw new InvalidOperationException(
                $"Could not start Chromium at {_options.ChromiumPath} (setting Reports:ChromiumPath; Debian package 'chromium'): {e.Message}", e);
        }
        finally
        {
            _launch.Release();
        }
    }

    /// <summary>A fresh browser context and page, set up for one document: JavaScript off, every request intercepted, offline.</summary>
    private sealed class PreparedPage(IBrowser browser, IBrowserContext context, IPage page)
    {
        public IBrowser Browser { get; } = browser;
        public IBrowserContext Context { get; } = context;
        public IPage Page { get; } = page;

        /// <summary>The first navigation the page attempted, if any (it is blocked, and the document refused).</summary>
        public string? Navigation { get; set; }
    }

    /// <summary>
    /// The page the next document will use, prepared in the background after each print: making a context and a page
    /// starts a renderer process, about 150 ms of a report's PDF time (measured). Unused until then, so every document
    /// still gets a page and context of its own.
    /// </summary>
    private Task<PreparedPage>? _spare;

    private async Task<PreparedPage> PrepareAsync(IBrowser browser)
    {
        // A context of its own per document: no cookies, storage or cache shared between reports.
        var context = await browser.CreateBrowserContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.SetJavaScriptEnabledAsync(false);
            await page.SetRequestInterceptionAsync(true);
            var prepared = new PreparedPage(browser, context, page);
            page.Request += (_, e) =>
            {
                if (e.Request.IsNavigationRequest && e.Request.Frame == page.MainFrame)
                {
                    prepared.Navigation ??= e.Request.Url;
                }
                _ = BlockAsync(e.Request);
            };
            await page.SetOfflineModeAsync(true);
            return prepared;
        }
        catch
        {
            await CloseQuietlyAsync(context);
            throw;
        }
    }

    /// <summary>The spare page if it was prepared in this browser and is still open; otherwise a new one.</summary>
    private async Task<PreparedPage> TakePageAsync(IBrowser browser)
    {
        if (Interlocked.Exchange(ref _spare, null) is { } spare)
        {
            try
            {
                var prepared = await spare;
                if (prepared.Browser == browser && !prepared.Page.IsClosed)
                {
                    return prepared;
                }
                if (Alive(prepared.Browser))
                {
                    await CloseQuietlyAsync(prepared.Context);
                }
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "The spare PDF page could not be prepared; preparing another");
            }
        }
        return await PrepareAsync(browser);
    }

    private void PrepareSpare(IBrowser browser)
    {
        if (_disposed || !Alive(browser))
        {
            return;
        }
        var next = PrepareAsync(browser);
        _ = next.ContinueWith(t => logger.LogDebug(t.Exception, "Preparing the spare PDF page failed"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        if (Interlocked.Exchange(ref _spare, next) is { } replaced)
        {
            _ = replaced.ContinueWith(t => Alive(t.Result.Browser) ? CloseQuietlyAsync(t.Result.Context) : Task.CompletedTask,
                CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private async Task CloseQuietlyAsync(IBrowserContext context)
    {
        try
        {
            await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is PuppeteerException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            logger.LogDebug(e, "Closing a PDF browser context failed (the browser has gone)");
        }
    }

    private async Task<byte[]> PrintAsync(IBrowser browser, string html, ReportPdfOptions pdf, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var timeout = _options.TimeoutSeconds * 1000;
        var prepared = await TakePageAsync(browser);
        try
        {
            var page = prepared.Page;
            byte[] bytes;
            try
            {
                await page.SetContentAsync(html, new SetContentOptions { Timeout = timeout, WaitUntil = [WaitUntilNavigation.Load], CancellationToken = cancellationToken })
                    .WaitAsync(cancellationToken);
                bytes = await page.PdfDataAsync(PdfOptions(pdf, timeout)).WaitAsync(cancellationToken);
            }
            catch (PuppeteerException) when (prepared.Navigation is not null && browser.IsConnected)
            {
                bytes = [];
            }
            if (prepared.Navigation is { } navigation)
            {
                // A meta refresh or the like replaced the document with an error page: refuse rather than print it.
                throw new InvalidOperationException($"The report's HTML tried to navigate to {Shorten(navigation)}; it was blocked and nothing was printed.");
            }
            logger.LogInformation("PDF \"{Title}\" printed: {Bytes} bytes in {Milliseconds} ms", pdf.Title, bytes.Length, started.ElapsedMilliseconds);
            return bytes;
        }
        finally
        {
            await CloseQuietlyAsync(prepared.Context);
            PrepareSpare(browser);
        }
    }

    private static PdfOptions PdfOptions(ReportPdfOptions pdf, int timeout) => new()
    {
        Format = PaperFormat.A4,
        Landscape = pdf.Landscape,
        PrintBackground = true,
        PreferCSSPageSize = false,
        DisplayHeaderFooter = true,
        HeaderTemplate = HeaderTemplate(pdf),
        FooterTemplate = FooterTemplate(pdf),
        MarginOptions = new MarginOptions { Top = "18mm", Bottom = "18mm", Left = "14mm", Right = "14mm" },
        // Tagged (accessible) PDF, with an outline from the headings.
        Tagged = true,
        Outline = true,
        Timeout = timeout,
    };

    /// <summary>Every request is aborted: a report page has nothing to fetch. data: URIs are not network requests.</summary>
    private async Task BlockAsync(IRequest request)
    {
        try
        {
            if (request.Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                await request.ContinueAsync();
            }
            else
            {
                logger.LogWarning("PDF rendering blocked a request for {Url}", Shorten(request.Url));
                await request.AbortAsync(RequestAbortErrorCode.BlockedByClient);
            }
        }
        catch (Exception e) when (e is PuppeteerException or InvalidOperationException)
        {
            logger.LogDebug(e, "Could not answer an intercepted request (the page has closed)");
        }
    }

    private static string Shorten(string url) => url.Length > 200 ? url[..200] + "…" : url;

    private const string TemplateStyle = "font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 8px; color: #555; width: 100%; margin: 0 14mm; display: flex; justify-content: space-between;";

    private static string HeaderTemplate(ReportPdfOptions pdf) =>
        $"<div style=\"{TemplateStyle}\"><span>{WebUtility.HtmlEncode(pdf.Title)}</span></div>";

    private static string FooterTemplate(ReportPdfOptions pdf) =>
        $"<div style=\"{TemplateStyle}\"><span>Generated {pdf.GeneratedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC · {WebUtility.HtmlEncode(pdf.SoftwareVersion)}</span>" +
        "<span>Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span></div>";

    private async Task CloseQuietlyAsync(IBrowser browser)
    {
        try
        {
            // A dead process cannot answer a close request: don't wait for one.
            if (browser.IsConnected && browser.Process is not { HasExited: true })
            {
                await browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Closing the PDF browser failed");
        }
        try
        {
            if (browser.Process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            logger.LogDebug(e, "The PDF browser process had already exited");
        }
        browser.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _launch.WaitAsync();
        try
        {
            if (_browser is { } browser)
            {
                _browser = null;
                await CloseQuietlyAsync(browser);
            }
        }
        finally
        {
            _launch.Release();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
