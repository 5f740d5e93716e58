using MediatR;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Features.Users;

namespace ProcedureRegistry.BrowserTests;

/// <summary>
/// The clinician's everyday path, clicked through in Chromium: register a patient, record an assessment, log a
/// comparative pair of medial branch blocks at T12-L1 with their diaries, see them classified, log an RF denervation.
/// </summary>
public sealed class ClinicalPathTests : IAsyncLifetime
{
    private RegistryFactory _app = null!;
    private Uri _root = null!;

    public async Task InitializeAsync()
    {
        _app = new RegistryFactory(await TestDatabases.CreateAsync(nameof(ClinicalPathTests)));
        _root = _app.StartOnKestrel();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_clinician_registers_assesses_confirms_by_a_comparative_pair_and_logs_an_RF()
    {
        var (email, password) = await CreateClinicianAsync();
        using var browser = BrowserSession.Start();
        var wait = BrowserSession.Wait(browser);

        browser.Navigate().GoToUrl(_root);
        browser.FindElement(By.Id("Email")).SendKeys(email);
        browser.FindElement(By.Id("Password")).SendKeys(password);
        browser.FindElement(By.Id("sign-in")).Click();
        wait.Until(d => d.FindElement(By.TagName("h1")).Text.StartsWith("Welcome"));

        // Register a patient.
        browser.FindElement(By.LinkText("Patients")).Click();
        browser.FindElement(By.LinkText("Register a patient")).Click();
        BrowserSession.Fill(browser, ("Mrn", "BR-0001"), ("FamilyName", "Lefèvre"), ("GivenName", "Amélie"), ("DateOfBirth", "1962-07-14"),
            ("Sex", "Female"), ("Email", "amelie@example.org"), ("PreferredChannel", "Email"), ("TimeZone", "Europe/Paris"));
        browser.FindElement(By.Id("ReminderConsent")).Click();
        BrowserSession.Screenshot(browser, "patient-register");
        browser.FindElement(By.Id("register-patient")).Click();
        wait.Until(d => d.FindElement(By.TagName("h1")).Text == "LEFÈVRE, Amélie");
        var patientUrl = browser.Url;

        // Record an assessment.
        browser.FindElement(By.LinkText("Record an assessment")).Click();
        BrowserSession.Fill(browser, ("AssessedOn", "2026-10-01"), ("BaselinePain", "7"), ("TenderSegments-0-segment", "T12-L1"), ("TenderSegments-0-side", "Left"),
            ("SuspectedSegments-0-segment", "T12-L1"), ("SuspectedSegments-0-side", "Left"), ("Imaging", "Mri"), ("ImagingSuggestedSegment", "L4-L5"));
        browser.FindElement(By.Id("t1-painful")).Click();
        browser.FindElement(By.Id("t1-side-Left")).Click();
        browser.FindElement(By.Id("t1-sign-PinchRoll")).Click();
        browser.FindElement(By.Id("t2-painful")).Click();
        browser.FindElement(By.Id("t2-side-Left")).Click();
        browser.FindElement(By.Id("spont-no")).Click();
        BrowserSession.Screenshot(browser, "assessment-form");
        browser.FindElement(By.Id("record-assessment")).Click();
        var status = wait.Until(d => d.FindElement(By.Id("diagnosis-status")));
        Assert.Contains("Diagnosis: suspected", status.Text);
        var assessmentUrl = browser.Url;
        BrowserSession.Screenshot(browser, "assessment-suspected");

        // First block of the comparative pair: lidocaine.
        browser.Navigate().GoToUrl(patientUrl);
        browser.FindElement(By.LinkText("Log a diagnostic block")).Click();
        FillBlock(browser, "2026-10-05T09:30", "Lidocaine", "2", "FirstOfComparativePair", [2, 1, 1, 2, 6, 8, 8, 8, 8]);
        BrowserSession.Screenshot(browser, "block-form");
        browser.FindElement(By.Id("log-block")).Click();
        Assert.Contains("Block positive", wait.Until(d => d.FindElement(By.Id("block-classification"))).Text);

        // Confirmatory block a week later: bupivacaine, naming the first as its partner.
        browser.Navigate().GoToUrl(patientUrl);
        browser.FindElement(By.LinkText("Log a diagnostic block")).Click();
        FillBlock(browser, "2026-10-12T09:30", "Bupivacaine", "0.5", "Confirmatory", [3, 2, 1, 1, 1, 1, 2, 6, 8]);
        new SelectElement(browser.FindElement(By.Id("PartnerProcedureId"))).SelectByIndex(1);
        browser.FindElement(By.Id("log-block")).Click();
        Assert.Contains("Block positive", wait.Until(d => d.FindElement(By.Id("block-classification"))).Text);
        Assert.Contains("Concordant", browser.FindElement(By.Id("pair-reading")).Text);
        BrowserSession.Screenshot(browser, "block-confirmatory");

        // RF denervation at the same segment.
        browser.Navigate().GoToUrl(patientUrl);
        browser.FindElement(By.LinkText("Log an RF denervation")).Click();
        BrowserSession.Fill(browser, ("PerformedAt", "2026-11-02T10:00"), ("PrePain", "7"), ("target-0-segment", "T12-L1"), ("target-0-side", "Left"));
        browser.FindElement(By.Id("ConsentRecorded")).Click();
        browser.FindElement(By.Id("log-rf")).Click();
        wait.Until(d => System.Text.RegularExpressions.Regex.IsMatch(new Uri(d.Url).AbsolutePath, @"^/procedures/\d+$"));
        BrowserSession.Screenshot(browser, "rf-details");

        browser.Navigate().GoToUrl(assessmentUrl);
        Assert.Contains("Diagnosis: confirmed", browser.FindElement(By.Id("diagnosis-status")).Text);
        browser.Navigate().GoToUrl(patientUrl);
        var timeline = browser.FindElement(By.CssSelector("ol.timeline")).Text;
        Assert.Contains("RF denervation", timeline);
        Assert.Contains("diagnosis confirmed", timeline);
        BrowserSession.Screenshot(browser, "patient-timeline");
    }

    private static void FillBlock(ChromeDriver browser, string at, string agent, string concentration, string sequence, int[] diary)
    {
        BrowserSession.Fill(browser, ("PerformedAt", at), ("PrePain", "8"), ("target-0-segment", "T12-L1"), ("target-0-side", "Left"),
            ("Agent", agent), ("ConcentrationPercent", concentration), ("Sequence", sequence));
        browser.FindElement(By.Id("ConsentRecorded")).Click();
        for (var i = 0; i < diary.Length; i++)
        {
            BrowserSession.Fill(browser, ($"diary-{i}", diary[i].ToString()));
        }
        browser.FindElement(By.Id("tender-yes")).Click();
    }

    private async Task<(string Email, string Password)> CreateClinicianAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var clinic = await mediator.Send(new CreateClinic.Command { Code = "PATH", Name = "Path clinic", TimeZone = "Europe/Paris" });
        var user = await mediator.Send(new CreateUser.Command
        {
            Email = "dr.path@browser.test", DisplayName = "Dr Path", Role = Roles.Clinician, ClinicIds = [clinic.Value],
        });
        return (user.Value!.Email, user.Value.InitialPassword);
    }
}
