using System.Text;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.BrowserTests;

/// <summary>
/// Runs axe-core (npm, pinned in package.json) in the page the browser shows and fails on any WCAG 2.0, 2.1 or 2.2
/// level A or AA violation. Each document is checked once: the check marks the page's window, which a new document
/// does not have. The browser bypasses the app's Content-Security-Policy (BrowserSession), so the injected script
/// runs; the app's pages have no inline style or script that the bypass would let in, so they render as they would.
/// </summary>
public sealed class AccessibilityCheck(ChromeDriver chrome)
{
    /// <summary>axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA.</summary>
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private const string Marker = "__procregAccessibilityChecked";
    private static readonly string AxePath =
        Path.Combine(RepositoryRoot.Path, "tests", "ProcedureRegistry.BrowserTests", "node_modules", "axe-core", "axe.min.js");
    private static readonly Lazy<string> AxeSource = new(() => File.Exists(AxePath)
        ? File.ReadAllText(AxePath)
        : throw new InvalidOperationException($"axe-core is missing ({AxePath}): build the browser tests, whose build runs `npm ci`."));

    private readonly List<string> _checked = [];
    private bool _running;

    /// <summary>The address of every document checked so far, in order.</summary>
    public IReadOnlyList<string> CheckedPages => _checked;

    /// <summary>
    /// Checks the document the browser shows unless it was checked already (or is no page of the app: about:blank, a
    /// download). Waits for the document to finish loading; a document replaced while it is checked is checked anew.
    /// </summary>
    public void CheckCurrentPage()
    {
        if (_running)
        {
            return;
        }
        _running = true;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    CheckOnce();
                    return;
                }
                catch (WebDriverException) when (attempt < 3)
                {
                    // The page navigated while it was checked (a form submitted, the report page reloading): look again.
                    Thread.Sleep(200);
                }
            }
        }
        finally
        {
            _running = false;
        }
    }

    private void CheckOnce()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var state = (IReadOnlyCollection<object>)chrome.ExecuteScript(
                $"return [document.readyState, window.{Marker} === true, location.protocol, document.contentType, location.href];")!;
            var (readyState, done, protocol, contentType, url) = ((string)state.ElementAt(0), (bool)state.ElementAt(1),
                (string)state.ElementAt(2), (string)state.ElementAt(3), (string)state.ElementAt(4));
            if (done || protocol is not ("http:" or "https:") || contentType != "text/html")
            {
                return;
            }
            if (readyState == "complete")
            {
                Run(url);
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{url} did not finish loading in 15 s, so it was not checked for accessibility.");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>Has the browser add axe-core to every document it creates from now on, so it is sent over once.</summary>
    public void InjectIntoEveryDocument() =>
        chrome.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object?> { ["source"] = AxeSource.Value });

    private void Run(string url)
    {
        // Every document has it (InjectIntoEveryDocument) but one the browser made before that was asked.
        if (chrome.ExecuteScript("return typeof window.axe === 'undefined';") is true)
        {
            chrome.ExecuteScript(AxeSource.Value);
        }
        var json = (string)chrome.ExecuteAsyncScript(
            $$"""
            const [tags, done] = arguments;
            axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
                .then(r => {
                    window.{{Marker}} = true;
                    done(JSON.stringify({ violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                        nodes: v.nodes.map(n => ({ target: n.target.map(String), summary: n.failureSummary })) })) }));
                })
                .catch(e => done(JSON.stringify({ error: String(e) })));
            """, WcagTags.Cast<object>().ToList())!;
        var result = JsonSerializer.Deserialize<AxeResult>(json, JsonOptions)!;
        if (result.Error is not null)
        {
            throw new InvalidOperationException($"axe-core failed on {url}: {result.Error}");
        }
        _checked.Add(url);
        if (result.Violations is { Count: > 0 } violations)
        {
            throw new AccessibilityViolationException(Describe(url, violations));
        }
    }

    /// <summary>One paragraph per rule broken: its id, impact, what it asks, and where on the page.</summary>
    private static string Describe(string url, IReadOnlyList<Violation> violations)
    {
        var text = new StringBuilder($"{new Uri(url).PathAndQuery} breaks {violations.Count} WCAG 2.2 A/AA rule(s) (axe-core):");
        foreach (var v in violations)
        {
            text.Append($"\n- {v.Id} ({v.Impact}): {v.Help} <{v.HelpUrl}>");
            foreach (var node in v.Nodes)
            {
                var why = node.Summary?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).FirstOrDefault();
                text.Append($"\n    {string.Join(" >> ", node.Target)}{(why is null ? "" : ": " + why)}");
            }
        }
        return text.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record AxeResult(List<Violation>? Violations, string? Error);

    private sealed record Violation(string Id, string? Impact, string Help, string HelpUrl, List<Node> Nodes);

    private sealed record Node(List<string> Target, string? Summary);
}

/// <summary>A page the tests visited breaks a WCAG 2.2 A/AA rule that axe-core checks.</summary>
public sealed class AccessibilityViolationException(string message) : Exception(message);
