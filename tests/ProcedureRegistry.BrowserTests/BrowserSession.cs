using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ProcedureRegistry.BrowserTests;

/// <summary>
/// Debian's headless Chromium driven through /usr/bin/chromedriver. Never a browser download: those fail here.
/// </summary>
public static class BrowserSession
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    /// <summary>A browser that checks every page it shows for accessibility (<see cref="CheckedChromeDriver"/>).</summary>
    public static CheckedChromeDriver Start()
    {
        if (!File.Exists(Chromium) || !File.Exists(ChromeDriver))
        {
            throw new InvalidOperationException(
                $"Browser tests need Debian's Chromium and ChromeDriver ({Chromium}, {ChromeDriver}). " +
                "Install them: apt-get install -y chromium chromium-driver");
        }
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true"); // Selenium Manager must not try to download anything

        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,900", $"--user-data-dir={Directory.CreateTempSubdirectory("procreg-chromium-").FullName}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new CheckedChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5);
        // The app's Content-Security-Policy allows only its own scripts; axe-core is injected into every document.
        driver.ExecuteCdpCommand("Page.setBypassCSP", new Dictionary<string, object?> { ["enabled"] = true });
        driver.Accessibility.InjectIntoEveryDocument();
        return driver;
    }

    /// <summary>
    /// A wait that survives page loads: an element found on the old page goes stale when the new one replaces it,
    /// so a condition that reads it is retried instead of failing (CI saw this once on a slow machine).
    /// </summary>
    public static WebDriverWait Wait(IWebDriver driver, int seconds = 15)
    {
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(seconds));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        return wait;
    }

    /// <summary>Sets inputs and selects by id the way a person's typing would end up (date pickers included).</summary>
    public static void Fill(IWebDriver browser, params (string Id, string Value)[] fields)
    {
        foreach (var (id, value) in fields)
        {
            var element = browser.FindElement(By.Id(id));
            if (element.TagName == "select")
            {
                var select = new SelectElement(element);
                if (int.TryParse(value, out var index) && select.Options.All(o => o.GetAttribute("value") != value))
                {
                    select.SelectByIndex(index);
                }
                else
                {
                    select.SelectByValue(value);
                }
            }
            else
            {
                ((IJavaScriptExecutor)browser).ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));", element, value);
            }
        }
    }

    /// <summary>Saves what the browser shows, for a person to look at (bin/.../screenshots).</summary>
    public static string Screenshot(IWebDriver driver, string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        return path;
    }
}

/// <summary>
/// The browser the tests drive: every document it shows is checked by <see cref="AccessibilityCheck"/>, once, before
/// the first command the test sends to it (finding an element, clicking, typing, reading the address, leaving it),
/// right after a navigation or a click that lands on a new page, and, for the last page, when the browser closes. So a
/// violation on any page a test visits fails that test.
/// </summary>
public sealed class CheckedChromeDriver : ChromeDriver
{
    // Commands that touch no page, or end the session.
    private static readonly HashSet<string> Unchecked =
        [DriverCommand.NewSession, DriverCommand.Quit, DriverCommand.Close, DriverCommand.SetTimeouts, DriverCommand.GetTimeouts, DriverCommand.Status];

    // Commands after which the browser may show another document.
    private static readonly HashSet<string> Landing =
        [DriverCommand.Get, DriverCommand.ClickElement, DriverCommand.Refresh, DriverCommand.GoBack, DriverCommand.GoForward];

    // Null while the base constructor opens the session.
    private readonly AccessibilityCheck? _accessibility;

    public CheckedChromeDriver(ChromeDriverService service, ChromeOptions options, TimeSpan commandTimeout) : base(service, options, commandTimeout)
    {
        _accessibility = new AccessibilityCheck(this);
    }

    public AccessibilityCheck Accessibility => _accessibility!;

    /// <summary>The address of every document checked so far, in order.</summary>
    public IReadOnlyList<string> CheckedPages => _accessibility!.CheckedPages;

    protected override Response Execute(string driverCommandToExecute, Dictionary<string, object?>? parameters)
    {
        var checks = _accessibility is not null && !Unchecked.Contains(driverCommandToExecute) && !driverCommandToExecute.Contains("Cdp", StringComparison.OrdinalIgnoreCase);
        if (checks)
        {
            _accessibility!.CheckCurrentPage(); // the page the test is about to act on or leave
        }
        var response = base.Execute(driverCommandToExecute, parameters);
        if (checks && Landing.Contains(driverCommandToExecute))
        {
            _accessibility!.CheckCurrentPage(); // the page it landed on
        }
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            if (disposing)
            {
                _accessibility?.CheckCurrentPage();
            }
        }
        catch (WebDriverException)
        {
            // The browser is gone (it crashed, or was closed already): there is no page left to check.
        }
        finally
        {
            base.Dispose(disposing);
        }
    }
}
