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
    public async Task An_admin_enrols_an_authenticator_at_first_sign_in_then_opens_the_audit_log_and_signs_in_with_a_code()
    {
        var (email, password) = await CreateUserAsync(Roles.Admin, "Admin Browser");
        using var browser = BrowserSession.Start();

        browser.Navigate().GoToUrl(_root);
        browser.FindElement(By.Id("Email")).SendKeys(email);
        browser.FindElement(By.Id("Password")).SendKeys(password);
        browser.FindElement(By.Id("sign-in")).Click();
        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text == "Set up two-factor sign-in");
        Assert.Contains("Admins must set up two-factor sign-in", browser.FindElement(By.CssSelector(".flash")).Text);
        Assert.True(browser.FindElement(By.CssSelector(".qr svg")).Size.Width > 100); // the QR code is drawn
        BrowserSession.Screenshot(browser, "two-factor-enrol");
        var key = browser.FindElement(By.Id("shared-key")).Text;
        browser.FindElement(By.Id("Code")).SendKeys(Authenticator.CodeFor(key));
        browser.FindElement(By.Id("confirm-code")).Click();

        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text == "Two-factor sign-in is on");
        Assert.Equal(10, browser.FindElements(By.CssSelector("#recovery-codes li")).Count);
        BrowserSession.Screenshot(browser, "two-factor-recovery-codes");
        browser.FindElement(By.LinkText("Continue")).Click();
        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text.StartsWith("Welcome"));
        BrowserSession.Screenshot(browser, "dashboard-admin");
        browser.FindElement(By.LinkText("Audit log")).Click();

        BrowserSession.Wait(browser).Until(d => new Uri(d.Url).AbsolutePath == "/admin/audit");
        Assert.Equal("Audit log", browser.FindElement(By.TagName("h1")).Text);
        Assert.Contains("EnableTwoFactor", browser.FindElement(By.TagName("table")).Text);
        BrowserSession.Screenshot(browser, "audit-log");

        browser.FindElement(By.CssSelector("form.signout button")).Click();
        BrowserSession.Wait(browser).Until(d => new Uri(d.Url).AbsolutePath == "/account/login");
        browser.FindElement(By.Id("Email")).SendKeys(email);
        browser.FindElement(By.Id("Password")).SendKeys(password);
        browser.FindElement(By.Id("sign-in")).Click();
        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text == "Two-factor sign-in");
        BrowserSession.Screenshot(browser, "two-factor-code");
        browser.FindElement(By.Id("Code")).SendKeys(Authenticator.CodeFor(key));
        browser.FindElement(By.Id("verify-code")).Click();
        BrowserSession.Wait(browser).Until(d => d.FindElement(By.TagName("h1")).Text.StartsWith("Welcome"));
        browser.FindElement(By.LinkText("Users")).Click();
        BrowserSession.Wait(browser).Until(d => new Uri(d.Url).AbsolutePath == "/admin/users");
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
