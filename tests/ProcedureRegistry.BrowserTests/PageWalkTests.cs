using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.BrowserTests;

/// <summary>
/// The seeded registry (a patient with an assessment, a procedure of each kind and their follow-ups, a finished report,
/// a patient link) served on Kestrel, and a browser user of each role, for <see cref="PageWalkTests"/>.
/// </summary>
public sealed class WalkedRegistry : IAsyncLifetime
{
    public SeededRegistry Registry { get; } = new();
    public RegistryFactory Browsed { get; private set; } = null!;
    public Uri Root { get; private set; } = null!;
    public Dictionary<string, (string Email, string Password)> Users { get; } = [];

    public async Task InitializeAsync()
    {
        await Registry.InitializeAsync();
        // A second instance of the app on the same database, on real Kestrel, for the browser.
        Browsed = new RegistryFactory(Registry.ConnectionString);
        Root = Browsed.StartOnKestrel();
        foreach (var role in Roles.All)
        {
            Users[role] = await Registry.UserAsync(role); // an Admin is enrolled in two-factor sign-in
        }
    }

    public async Task DisposeAsync()
    {
        await Browsed.DisposeAsync();
        await Registry.DisposeAsync();
    }
}

/// <summary>
/// Each role signs in, opens every link of its navigation and the pages behind them (records, forms, confirmations),
/// and the browser checks each with axe-core (<see cref="CheckedChromeDriver"/>): the app's pages break no WCAG 2.2
/// A/AA rule. Every GET route of the app is walked here or named as no page, so a new page is walked too.
/// </summary>
public sealed class PageWalkTests(WalkedRegistry app) : IClassFixture<WalkedRegistry>
{
    private const string Anonymous = "anonymous";

    /// <summary>The pages of each route, and who opens them. Roles open their navigation's links besides.</summary>
    private static readonly Dictionary<string, (string Who, Func<Seeded, string[]> Urls)> Pages = new()
    {
        ["account/login"] = (Anonymous, _ => ["/account/login"]),
        ["r/{token}"] = (Anonymous, s => [$"/r/{s.LinkToken}"]),
        ["error/{code:int}"] = (Anonymous, _ => ["/error/404", "/error/500"]),

        [""] = (Roles.Clinician, _ => ["/"]),
        ["patients"] = (Roles.Clinician, s => ["/patients", $"/patients?q={s.FamilyName[..4]}"]),
        ["patients/new"] = (Roles.Clinician, _ => ["/patients/new"]),
        ["patients/{id:int}"] = (Roles.Clinician, s => [$"/patients/{s.PatientId}"]),
        ["patients/{id:int}/edit"] = (Roles.Clinician, s => [$"/patients/{s.PatientId}/edit"]),
        ["patients/{patientId:int}/assessments/new"] = (Roles.Clinician, s => [$"/patients/{s.PatientId}/assessments/new"]),
        ["assessments/{id:int}"] = (Roles.Clinician, s => [$"/assessments/{s.AssessmentId}"]),
        ["assessments/{id:int}/correct"] = (Roles.Clinician, s => [$"/assessments/{s.AssessmentId}/correct"]),
        ["patients/{patientId:int}/procedures/new/block"] = (Roles.Clinician, s => [$"/patients/{s.PatientId}/procedures/new/block"]),
        ["patients/{patientId:int}/procedures/new/steroid"] = (Roles.Clinician, s => [$"/patients/{s.PatientId}/procedures/new/steroid"]),
        ["patients/{patientId:int}/procedures/new/rf"] = (Roles.Clinician, s => [$"/patients/{s.PatientId}/procedures/new/rf"]),
        ["procedures/{id:int}"] = (Roles.Clinician, s => [$"/procedures/{s.BlockId}", $"/procedures/{s.SteroidId}", $"/procedures/{s.RfId}"]),
        ["procedures/{id:int}/correct"] = (Roles.Clinician, s => [$"/procedures/{s.BlockId}/correct", $"/procedures/{s.SteroidId}/correct", $"/procedures/{s.RfId}/correct"]),
        ["procedures/{id:int}/diary"] = (Roles.Clinician, s => [$"/procedures/{s.BlockId}/diary"]),
        ["procedures/{id:int}/void"] = (Roles.Clinician, s => [$"/procedures/{s.RfId}/void"]),
        ["data"] = (Roles.Clinician, _ => ["/data"]),
        ["account/security"] = (Roles.Clinician, _ => ["/account/security"]),
        ["account/password"] = (Roles.Clinician, _ => ["/account/password"]),
        ["account/two-factor/enrol"] = (Roles.Clinician, _ => ["/account/two-factor/enrol"]),

        ["follow-ups"] = (Roles.Coordinator, _ => ["/follow-ups", "/follow-ups?bucket=Upcoming", "/follow-ups?bucket=Answered"]),
        ["follow-ups/{id:long}"] = (Roles.Coordinator, s => [$"/follow-ups/{s.FollowUpId}"]),
        ["follow-ups/{id:long}/answer"] = (Roles.Coordinator, s => [$"/follow-ups/{s.FollowUpId}/answer"]),
        ["follow-ups/{id:long}/cancel"] = (Roles.Coordinator, s => [$"/follow-ups/{s.FollowUpId}/cancel"]),

        ["reports"] = (Roles.Analyst, _ => ["/reports"]),
        ["reports/new"] = (Roles.Analyst, _ => ["/reports/new"]),
        ["reports/{id:long}"] = (Roles.Analyst, s => [$"/reports/{s.ReportId}"]),
        ["reports/{id:long}/view"] = (Roles.Analyst, s => [$"/reports/{s.ReportId}/view"]),

        ["admin/users"] = (Roles.Admin, _ => ["/admin/users"]),
        ["admin/users/new"] = (Roles.Admin, _ => ["/admin/users/new"]),
        ["admin/users/{id}/edit"] = (Roles.Admin, s => [$"/admin/users/{s.UserId}/edit"]),
        ["admin/users/{id}/reset-password"] = (Roles.Admin, s => [$"/admin/users/{s.UserId}/reset-password"]),
        ["admin/users/{id}/deactivate"] = (Roles.Admin, s => [$"/admin/users/{s.UserId}/deactivate"]),
        ["admin/clinics"] = (Roles.Admin, _ => ["/admin/clinics"]),
        ["admin/clinics/new"] = (Roles.Admin, _ => ["/admin/clinics/new"]),
        ["admin/clinics/{id:int}/edit"] = (Roles.Admin, s => [$"/admin/clinics/{s.ClinicId}/edit"]),
        ["protocols"] = (Roles.Admin, _ => ["/protocols"]),
        ["protocols/new"] = (Roles.Admin, _ => ["/protocols/new"]),
        ["protocols/{id:int}/edit"] = (Roles.Admin, s => [$"/protocols/{s.ProtocolPointId}/edit"]),
        ["admin/audit"] = (Roles.Admin, _ => ["/admin/audit"]),
        ["account/access-denied"] = (Roles.Admin, _ => ["/account/access-denied"]),
    };

    /// <summary>GET routes that answer no page of the app's own, or that another browser test opens, and why they are not walked here.</summary>
    private static readonly Dictionary<string, string> NotPages = new()
    {
        ["account/two-factor"] = "the code step of the Admin's sign-in, checked on the way in",
        ["error"] = "the error page of an unhandled exception: the same view as error/{code}, and a request logs an error",
        ["data/export/{clinicId:int}/{file}"] = "a CSV download",
        ["reports/{id:long}/{format:regex(^(pdf|json|csv)$)}"] = "a PDF, JSON or CSV download",
        ["api/clinics"] = "JSON",
        // Pages that need a started blinded protocol and a blinded block: BlindedBlockTests opens each in the checked browser.
        ["blinded-protocols"] = "walked by BlindedBlockTests",
        ["blinded-protocols/new"] = "walked by BlindedBlockTests",
        ["blinded-protocols/{id:int}/list"] = "walked by BlindedBlockTests",
        ["procedures/{id:int}/unblind"] = "walked by BlindedBlockTests",
        ["health/live"] = "a health check",
        ["health/ready"] = "a health check",
        // axe finds Hangfire's grey navigation text (#777 on #f8f8f8, 4.2:1) and its lang="iv" under the invariant culture.
        ["jobs/{**path}"] = "Hangfire's dashboard: a third party's pages, with their own stylesheet and layout",
    };

    [Fact]
    public void Every_GET_route_of_the_app_is_walked_or_named_as_no_page()
    {
        var routes = app.Browsed.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is not { Count: > 0 } methods || methods.Contains("GET"))
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "")
            .ToHashSet();

        var unknown = routes.Where(r => !Pages.ContainsKey(r) && !NotPages.ContainsKey(r)).Order().ToList();
        var gone = Pages.Keys.Concat(NotPages.Keys).Where(r => !routes.Contains(r)).Order().ToList();

        Assert.True(unknown.Count == 0, "GET routes the walk does not know; add each to PageWalkTests.Pages (or NotPages): " + string.Join(", ", unknown));
        Assert.True(gone.Count == 0, "Routes listed in PageWalkTests that the app no longer has: " + string.Join(", ", gone));
    }

    [Fact]
    public void A_visitor_who_is_not_signed_in_sees_pages_that_break_no_WCAG_rule()
    {
        using var browser = BrowserSession.Start();
        foreach (var url in PagesOf(Anonymous))
        {
            Open(browser, url);
        }
    }

    [Theory]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public void Each_role_sees_pages_that_break_no_WCAG_rule(string role)
    {
        using var browser = BrowserSession.Start();
        SignIn(browser, role);
        var navigation = browser.FindElements(By.CssSelector("nav[aria-label=Main] a"))
            .Select(a => new Uri(a.GetAttribute("href")!).PathAndQuery)
            .Where(url => !url.StartsWith("/jobs", StringComparison.Ordinal)) // NotPages: Hangfire's
            .ToList();
        Assert.NotEmpty(navigation);
        foreach (var url in navigation.Union(PagesOf(role)))
        {
            Open(browser, url);
        }

        if (role == Roles.Clinician)
        {
            // A refused form, with its error summary and the fields marked.
            Open(browser, "/patients/new");
            var checkedBefore = browser.CheckedPages.Count;
            browser.FindElement(By.Id("register-patient")).Click();
            var summary = BrowserSession.Wait(browser).Until(d => d.FindElement(By.CssSelector(".error-summary")));
            Assert.NotEmpty(summary.Text);
            Assert.Equal(checkedBefore + 1, browser.CheckedPages.Count);
        }
    }

    [Fact]
    public async Task A_report_being_made_shows_its_progress_and_then_its_downloads_without_a_reload_by_hand()
    {
        using var browser = BrowserSession.Start();
        SignIn(browser, Roles.Analyst);
        Open(browser, "/reports/new");
        browser.FindElement(By.CssSelector("button[type=submit].primary")).Click();
        var status = BrowserSession.Wait(browser).Until(d => d.FindElement(By.CssSelector("[role=status]#report-progress-status")));
        Assert.Contains("Queued", status.Text);
        Assert.Equal("Check progress", browser.FindElement(By.Id("check-progress")).Text);
        var url = new Uri(browser.Url);
        var id = long.Parse(url.AbsolutePath.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var checkedPages = browser.CheckedPages.Count;

        // The job moves on: the page says so in place (the same document, its status region updated).
        await TestDatabases.ExecuteAsync(app.Registry.ConnectionString,
            $"UPDATE reports SET status = 'Running', progress_percent = 40, step = 'Computing figures' WHERE id = {id}");
        BrowserSession.Wait(browser, 20).Until(d => d.FindElement(By.Id("report-progress-status")).Text == "Running: 40% · Computing figures");
        Assert.Equal("Running", browser.FindElement(By.Id("status")).Text);
        Assert.Equal("40", browser.FindElement(By.Id("report-progress-bar")).GetAttribute("value"));
        Assert.Equal(checkedPages, browser.CheckedPages.Count);
        BrowserSession.Screenshot(browser, "report-in-progress");

        // No Hangfire server runs in the tests: the job runs here, and the page notices by itself.
        await app.Browsed.Services.GetRequiredService<GenerateOutcomeReport>().RunAsync(id, CancellationToken.None);

        BrowserSession.Wait(browser, 20).Until(d => d.FindElements(By.LinkText("PDF report")).Count == 1);
        Assert.Equal(url, new Uri(browser.Url));
        Assert.Equal("Succeeded", browser.FindElement(By.Id("status")).Text);
        BrowserSession.Screenshot(browser, "report-ready");
        Assert.Equal(2, browser.CheckedPages.Count(p => new Uri(p) == url)); // in progress, then ready
    }

    /// <summary>The addresses of <paramref name="who"/>'s routes.</summary>
    private IEnumerable<string> PagesOf(string who) =>
        Pages.Values.Where(p => p.Who == who).SelectMany(p => p.Urls(app.Registry.Data));

    /// <summary>Opens <paramref name="url"/>, checks that the browser shows it (no redirect to sign in) and that it was checked.</summary>
    private void Open(CheckedChromeDriver browser, string url)
    {
        browser.Navigate().GoToUrl(new Uri(app.Root, url));
        var shown = new Uri(browser.Url);
        Assert.True(shown.PathAndQuery == url || (url.Contains("?bucket=") && shown.AbsolutePath == "/follow-ups"),
            $"{url} showed {shown.PathAndQuery}");
        Assert.NotEmpty(browser.FindElements(By.TagName("h1")));
        Assert.Equal(shown.ToString(), browser.CheckedPages[^1]);
    }

    private void SignIn(ChromeDriver browser, string role)
    {
        var (email, password) = app.Users[role];
        browser.Navigate().GoToUrl(new Uri(app.Root, "/account/login"));
        browser.FindElement(By.Id("Email")).SendKeys(email);
        browser.FindElement(By.Id("Password")).SendKeys(password);
        browser.FindElement(By.Id("sign-in")).Click();
        if (Authenticator.KeyOf(email) is { } key)
        {
            BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text == "Two-factor sign-in");
            browser.FindElement(By.Id("Code")).SendKeys(Authenticator.CodeFor(key));
            browser.FindElement(By.Id("verify-code")).Click();
        }
        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text.StartsWith("Welcome", StringComparison.Ordinal));
    }
}
