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

    public static ChromeDriver Start()
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
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5);
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
