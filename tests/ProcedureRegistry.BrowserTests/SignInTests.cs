using MediatR;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Features.Users;

namespace ProcedureRegistry.BrowserTests;

public sealed class SignInTests : IAsyncLifetime
{
    private RegistryFactory _app = null!;
    private Uri _root = null!;

    public async Task InitializeAsync()
    {
        _app = new RegistryFactory(await TestDatabases.CreateAsync(nameof(SignInTests)));
        _root = _app.StartOnKestrel();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_clinician_signs_in_through_the_form_and_lands_on_the_dashboard()
    {
        var (email, password) = await CreateUserAsync(Roles.Clinician, "Dr Browser");
        using var browser = BrowserSession.Start();

        browser.Navigate().GoToUrl(_root);
        Assert.Equal("/account/login", new Uri(browser.Url).AbsolutePath);
        BrowserSession.Screenshot(browser, "sign-in");
        browser.FindElement(By.Id("Email")).SendKeys(email);
        browser.FindElement(By.Id("Password")).SendKeys(password);
        browser.FindElement(By.Id("sign-in")).Click();

        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text.StartsWith("Welcome"));
        Assert.Equal("/", new Uri(browser.Url).AbsolutePath);
        Assert.Equal("Welcome, Dr Browser", browser.FindElement(By.TagName("h1")).Text);
        BrowserSession.Screenshot(browser, "dashboard-clinician");
    }

    [Fact]
    public async Task A_wrong_password_shows_the_message_next_to_the_form()
    {
        var (email, _) = await CreateUserAsync(Roles.Coordinator, "Coordinator Browser");
        using var browser = BrowserSession.Start();

        browser.Navigate().GoToUrl(new Uri(_root, "/account/login"));
        browser.FindElement(By.Id("Email")).SendKeys(email);
        browser.FindElement(By.Id("Password")).SendKeys("Wrong-password-123!");
        browser.FindElement(By.Id("sign-in")).Click();

        var alert = BrowserSession.Wait(browser).Until(d => d.FindElement(By.CssSelector("[role=alert]")));
        Assert.Contains("The email or password is incorrect.", alert.Text);
        Assert.Equal(email, browser.FindElement(By.Id("Email")).GetAttribute("value"));
        Assert.Equal("", browser.FindElement(By.Id("Password")).GetAttribute("value"));
        BrowserSession.Screenshot(browser, "sign-in-wrong-password");
    }

    [Fact]
    public async Task An_admin_signs_in_and_opens_the_audit_log_from_the_menu()
    {
        var (email, password) = await CreateUserAsync(Roles.Admin, "Admin Browser");
        using var browser = BrowserSession.Start();

        browser.Navigate().GoToUrl(_root);
        browser.FindElement(By.Id("Email")).SendKeys(email);
        browser.FindElement(By.Id("Password")).SendKeys(password);
        browser.FindElement(By.Id("sign-in")).Click();
        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text.StartsWith("Welcome"));
        BrowserSession.Screenshot(browser, "dashboard-admin");
        browser.FindElement(By.LinkText("Audit log")).Click();

        BrowserSession.Wait(browser).Until(d => new Uri(d.Url).AbsolutePath == "/admin/audit");
        Assert.Equal("Audit log", browser.FindElement(By.TagName("h1")).Text);
        Assert.Contains("SignIn", browser.FindElement(By.TagName("table")).Text);
        BrowserSession.Screenshot(browser, "audit-log");
    }

    private async Task<(string Email, string Password)> CreateUserAsync(string role, string name)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var clinic = await mediator.Send(new CreateClinic.Command { Code = "WEB-" + role.ToUpperInvariant()[..3], Name = "Browser clinic", TimeZone = "UTC" });
        var user = await mediator.Send(new CreateUser.Command
        {
            Email = $"{role.ToLowerInvariant()}@browser.test", DisplayName = name, Role = role, ClinicIds = [clinic.Value],
        });
        Assert.True(user.Succeeded, string.Join("; ", user.Errors));
        return (user.Value!.Email, user.Value.InitialPassword);
    }
}
