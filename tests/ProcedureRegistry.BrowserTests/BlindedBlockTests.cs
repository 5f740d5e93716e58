using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Features.Users;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.BrowserTests;

/// <summary>
/// One blinded placebo-controlled pair, clicked through in Chromium as its three people: the operator defines and
/// starts the protocol and logs the blocks by kit code, the preparer reads the list, the diary taker sees only the kit
/// until the 24 h score, then the agent.
/// </summary>
public sealed class BlindedBlockTests : IAsyncLifetime
{
    private RegistryFactory _app = null!;
    private Uri _root = null!;

    public async Task InitializeAsync()
    {
        _app = new RegistryFactory(await TestDatabases.CreateAsync(nameof(BlindedBlockTests)));
        _root = _app.StartOnKestrel();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_placebo_controlled_pair_is_blinded_from_the_protocol_to_the_diary_and_revealed_at_24_h()
    {
        var clinicId = await ClinicAsync();
        var operatorUser = await UserAsync(clinicId, "operator");
        var diaryTaker = await UserAsync(clinicId, "diary");
        var preparer = await UserAsync(clinicId, "preparer", Roles.Preparer);
        string patientUrl, blockUrl;

        // The operator defines and starts the protocol, registers the patient and logs the open-label block.
        using (var browser = SignIn(operatorUser))
        {
            var wait = BrowserSession.Wait(browser);
            browser.FindElement(By.LinkText("Blinded blocks")).Click();
            browser.FindElement(By.LinkText("Define a protocol")).Click();
            BrowserSession.Fill(browser, ("Name", "Saline-controlled T12-L1"), ("KitsPerStratum", "10"));
            browser.FindElement(By.CssSelector("input[name=Stratification][value=None]")).Click();
            BrowserSession.Screenshot(browser, "blinded-protocol-form");
            browser.FindElement(By.Id("define-protocol")).Click();
            wait.Until(d => d.FindElements(By.CssSelector("button[id^=start-]")).Count == 1).ToString();
            browser.FindElement(By.CssSelector("button[id^=start-]")).Click();
            wait.Until(d => d.PageSource.Contains("started "));
            Assert.Empty(browser.FindElements(By.CssSelector("a[id^=list-]"))); // the operator sees no list
            BrowserSession.Screenshot(browser, "blinded-protocols");

            browser.FindElement(By.LinkText("Patients")).Click();
            browser.FindElement(By.LinkText("Register a patient")).Click();
            BrowserSession.Fill(browser, ("Mrn", "BL-0001"), ("FamilyName", "Aubert"), ("GivenName", "Claire"), ("DateOfBirth", "1966-05-02"),
                ("Sex", "Female"), ("PreferredChannel", "None"), ("TimeZone", "Europe/Paris"));
            browser.FindElement(By.Id("register-patient")).Click();
            wait.Until(d => d.FindElement(By.TagName("h1")).Text == "AUBERT, Claire");
            patientUrl = browser.Url;

            browser.FindElement(By.LinkText("Log a diagnostic block")).Click();
            FillBlock(browser, "2026-10-05T09:30", [1, 1, 1, 1, 1, 2, 4, 6, 8]);
            BrowserSession.Fill(browser, ("Agent", "Bupivacaine"), ("ConcentrationPercent", "0.5"), ("Sequence", "Single"));
            browser.FindElement(By.Id("log-block")).Click();
            Assert.Contains("Block positive", wait.Until(d => d.FindElement(By.Id("block-classification"))).Text);
        }

        // The preparer reads the list: the first kit's code and what goes into its syringe.
        string kitCode, contents;
        using (var browser = SignIn(preparer))
        {
            browser.FindElement(By.LinkText("Blinded blocks")).Click();
            browser.FindElement(By.CssSelector("a[id^=list-]")).Click();
            var first = BrowserSession.Wait(browser).Until(d => d.FindElement(By.CssSelector("table tbody tr")));
            kitCode = first.FindElement(By.TagName("code")).Text;
            contents = first.FindElements(By.TagName("td"))[1].Text;
            Assert.Matches(ProcedureRegistry.Domain.Blinding.AllocationList.KitCodePattern, kitCode);
            Assert.Contains(contents, new[] { "normal saline", "bupivacaine 0.5 %" });
            BrowserSession.Screenshot(browser, "blinded-allocation-list");
        }
        var agent = contents == "normal saline" ? "Saline" : "Bupivacaine";

        // The operator logs the placebo-controlled block with the kit code on the syringe, and sees only the kit.
        using (var browser = SignIn(operatorUser))
        {
            var wait = BrowserSession.Wait(browser);
            browser.Navigate().GoToUrl(patientUrl);
            browser.FindElement(By.LinkText("Log a diagnostic block")).Click();
            FillBlock(browser, "2026-10-12T09:30", [2, 2, 1, 2]);
            BrowserSession.Fill(browser, ("Sequence", "PlaceboControlled"));
            browser.FindElement(By.Id("KitCode")).SendKeys(kitCode.ToLowerInvariant());
            new SelectElement(browser.FindElement(By.Id("PartnerProcedureId"))).SelectByIndex(1);
            browser.FindElement(By.Id("log-block")).Click();
            var shown = wait.Until(d => d.FindElement(By.Id("agent"))).Text;
            Assert.Equal($"blinded: kit {kitCode}", shown);
            Assert.Empty(browser.FindElements(By.Id("pair-reading")));
            blockUrl = browser.Url;
            BrowserSession.Screenshot(browser, "blinded-block-operator");
        }

        // The preparer sees the agent on the same page.
        using (var browser = SignIn(preparer))
        {
            browser.Navigate().GoToUrl(blockUrl);
            Assert.StartsWith(agent, BrowserSession.Wait(browser).Until(d => d.FindElement(By.Id("agent"))).Text);
        }

        // The diary taker sees the kit, enters the 24 h score, and then the agent and the pair's reading are shown.
        using (var browser = SignIn(diaryTaker))
        {
            var wait = BrowserSession.Wait(browser);
            browser.Navigate().GoToUrl(blockUrl);
            Assert.Equal($"blinded: kit {kitCode}", wait.Until(d => d.FindElement(By.Id("agent"))).Text);
            // The emergency unblinding form is there (and checked by axe-core), but not used: leave it.
            browser.FindElement(By.LinkText("Emergency unblinding…")).Click();
            wait.Until(d => d.Url.EndsWith("/unblind", StringComparison.Ordinal));
            browser.Navigate().GoToUrl(blockUrl);
            browser.FindElement(By.LinkText("Enter or correct the diary")).Click();
            BrowserSession.Fill(browser, ("diary-4", "4"), ("diary-8", "8"), ("Reason", "Scores phoned in"));
            browser.FindElement(By.Id("save-diary")).Click();
            Assert.StartsWith(agent, wait.Until(d => d.FindElement(By.Id("agent"))).Text);
            Assert.Contains("The diary is complete", browser.FindElement(By.Id("blinding")).Text);
            Assert.NotEmpty(browser.FindElements(By.Id("pair-reading")));
            BrowserSession.Screenshot(browser, "blinded-block-revealed");
        }
    }

    private ChromeDriver SignIn((string Email, string Password) user)
    {
        var browser = BrowserSession.Start();
        browser.Navigate().GoToUrl(_root);
        browser.FindElement(By.Id("Email")).SendKeys(user.Email);
        browser.FindElement(By.Id("Password")).SendKeys(user.Password);
        browser.FindElement(By.Id("sign-in")).Click();
        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text.StartsWith("Welcome"));
        return browser;
    }

    private static void FillBlock(ChromeDriver browser, string at, int[] diary)
    {
        BrowserSession.Fill(browser, ("PerformedAt", at), ("PrePain", "8"), ("target-0-segment", "T12-L1"), ("target-0-side", "Left"));
        browser.FindElement(By.Id("ConsentRecorded")).Click();
        for (var i = 0; i < diary.Length; i++)
        {
            BrowserSession.Fill(browser, ($"diary-{i}", diary[i].ToString()));
        }
        browser.FindElement(By.Id("tender-yes")).Click();
    }

    private async Task<int> ClinicAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var clinic = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new CreateClinic.Command { Code = "BLND", Name = "Blinded clinic", TimeZone = "Europe/Paris" });
        return clinic.Value;
    }

    /// <summary>A Clinician of the clinic; with <paramref name="alsoRole"/>, that role too (the Preparer is a Clinician who prepares).</summary>
    private async Task<(string Email, string Password)> UserAsync(int clinicId, string name, string? alsoRole = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateUser.Command
        {
            Email = $"{name}@browser.test", DisplayName = $"Dr {name}", Role = Roles.Clinician, ClinicIds = [clinicId],
        });
        if (alsoRole is not null)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.AddToRoleAsync((await users.FindByEmailAsync(user.Value!.Email))!, alsoRole);
        }
        return (user.Value!.Email, user.Value.InitialPassword);
    }
}
