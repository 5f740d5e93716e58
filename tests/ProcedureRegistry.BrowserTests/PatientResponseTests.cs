using System.Drawing;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.BrowserTests;

/// <summary>A patient opens the link from the reminder email the app sent through a real SMTP server, on a phone-sized screen.</summary>
public sealed class PatientResponseTests : IAsyncLifetime
{
    private readonly SmtpSink _smtp = new();
    private RegistryFactory _app = null!;
    private Uri _root = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        await _smtp.StartListeningAsync();
        _connectionString = await TestDatabases.CreateAsync(nameof(PatientResponseTests));
        _app = new RegistryFactory(_connectionString, new Dictionary<string, string?>(_smtp.AppSettings)
        {
            ["FollowUps:PublicBaseUrl"] = "https://registry.example",
            ["FollowUps:QuietHoursStart"] = "00:00",
            ["FollowUps:QuietHoursEnd"] = "00:00",
        });
        _root = _app.StartOnKestrel();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_patient_opens_the_reminder_link_from_the_email_and_submits_a_score()
    {
        await ReminderData.SeedOpenFollowUpsAsync(_connectionString, "PHONE", 1, DateTimeOffset.UtcNow);
        await _app.Services.GetRequiredService<FollowUpScheduler>().RunAsync(CancellationToken.None);
        var email = Assert.Single(_smtp.Messages);
        var path = Regex.Match(email.TextBody ?? "", @"https://registry\.example(/r/[A-Za-z0-9_-]{43})").Groups[1].Value;
        Assert.NotEmpty(path);

        using var browser = BrowserSession.Start();
        browser.Manage().Window.Size = new Size(390, 844);
        browser.Navigate().GoToUrl(new Uri(_root, path));
        Assert.Equal("How are you since your visit?", browser.FindElement(By.TagName("h1")).Text);
        BrowserSession.Screenshot(browser, "patient-follow-up-phone");

        // Submitting with a question unanswered keeps the other answers and names the missing one.
        browser.FindElement(By.CssSelector("input[name=Pain][value='3']")).Click();
        browser.FindElement(By.Id("ReliefPercent")).SendKeys("70");
        browser.FindElement(By.CssSelector("input[name=Pgic][value='6']")).Click();
        browser.FindElement(By.Id("send-answer")).Click();
        var alert = BrowserSession.Wait(browser).Until(d => d.FindElement(By.CssSelector("[role=alert]")));
        Assert.Contains("Other pain treatment is required.", alert.Text);
        Assert.True(browser.FindElement(By.CssSelector("input[name=Pain][value='3']")).Selected);
        BrowserSession.Screenshot(browser, "patient-follow-up-missing-answer");

        browser.FindElement(By.CssSelector("input[name=OtherTreatment][value=false]")).Click();
        browser.FindElement(By.Id("send-answer")).Click();
        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text == "Thank you");
        BrowserSession.Screenshot(browser, "patient-follow-up-thanks");

        await using var db = TestDatabases.Context(_connectionString);
        var followUp = await db.FollowUps.SingleAsync();
        Assert.Equal(FollowUpStatus.Answered, followUp.Status);
        Assert.Equal((3, 70, 6, false), (followUp.Pain!.Value, followUp.ReliefPercent!.Value, followUp.Pgic!.Value, followUp.OtherTreatment!.Value));
    }
}
