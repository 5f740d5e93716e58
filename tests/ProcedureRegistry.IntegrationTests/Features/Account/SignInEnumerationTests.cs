using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Account;

/// <summary>A refused sign-in tells nothing about whether the account exists: same page, same time.</summary>
public sealed partial class SignInEnumerationTests(AppFixture app) : IClassFixture<AppFixture>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex AntiforgeryField();

    private static async Task<(HttpStatusCode Status, string Body)> RefusalAsync(HttpClient client, string email, string password)
    {
        var response = await client.SignInAsync(email, password);
        var body = AntiforgeryField().Replace(await response.Content.ReadAsStringAsync(), "(token)").Replace(email, "(email)");
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task Unknown_email_wrong_password_and_locked_account_get_the_same_page()
    {
        var (email, _) = await app.UserAsync(Roles.Clinician);
        var (lockedEmail, lockedPassword) = await app.UserAsync(Roles.Clinician);
        var client = app.Factory.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync(lockedEmail, "Wrong-password-" + i);
        }

        var unknown = await RefusalAsync(client, "nobody.at.all@test.clinic", "Not-the-password-1!");
        var wrong = await RefusalAsync(client, email, "Not-the-password-1!");
        var locked = await RefusalAsync(client, lockedEmail, lockedPassword);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
    }

    [Fact]
    public async Task An_unknown_email_takes_about_as_long_as_a_wrong_password()
    {
        // Three accounts, three wrong passwords each: below the lockout, so each attempt checks a real hash.
        var accounts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            accounts.Add((await app.UserAsync(Roles.Analyst)).Email);
        }
        var client = app.Factory.CreateBrowserLikeClient();
        var token = Html.AntiforgeryToken(await client.GetStringAsync("/account/login"));
        async Task<double> TimeAsync(string email)
        {
            var form = new FormUrlEncodedContent(Html.Fields(("Email", email), ("Password", "Not-the-password-1!"), ("__RequestVerificationToken", token)));
            var clock = Stopwatch.StartNew();
            var response = await client.PostAsync("/account/login", form);
            clock.Stop();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return clock.Elapsed.TotalMilliseconds;
        }
        await TimeAsync("warm.up@test.clinic");

        var known = new List<double>();
        var unknown = new List<double>();
        for (var round = 0; round < 9; round++)
        {
            known.Add(await TimeAsync(accounts[round % 3]));
            unknown.Add(await TimeAsync($"unknown.{round}@test.clinic"));
        }

        // Before: about 50 ms against 3 ms. Lenient bounds: a busy machine must not make this flaky.
        var ratio = Median(unknown) / Median(known);
        Assert.True(ratio >= 0.5, $"unknown email {Median(unknown):F1} ms, wrong password {Median(known):F1} ms (median)");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

/// <summary>Sign-in limits per client address and per account name; a test header stands in for the client's address.</summary>
public sealed class ThrottledSignInFixture : AppFixture
{
    public const string AddressHeader = "X-Test-Client-Address";
    public const int PerAddress = 6;
    public const int PerAccount = 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinutePerAddress"] = PerAddress.ToString(),
        ["RateLimits:SignInPerMinutePerAccount"] = PerAccount.ToString(),
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddTransient<IStartupFilter, ClientAddressFromHeader>();

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(AddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class SignInRateLimitTests(ThrottledSignInFixture app) : IClassFixture<ThrottledSignInFixture>
{
    private HttpClient From(string address)
    {
        var client = app.Factory.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add(ThrottledSignInFixture.AddressHeader, address);
        return client;
    }

    [Fact]
    public async Task One_address_trying_many_accounts_gets_429_with_Retry_After()
    {
        var client = From("192.0.2.10");

        for (var i = 0; i < ThrottledSignInFixture.PerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SignInAsync($"spray.{i}@test.clinic", "Not-the-password-1!")).StatusCode);
        }
        var refused = await client.SignInAsync("spray.last@test.clinic", "Not-the-password-1!");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
        // Another address is not held back.
        Assert.Equal(HttpStatusCode.BadRequest, (await From("192.0.2.11").SignInAsync("spray.last@test.clinic", "Not-the-password-1!")).StatusCode);
    }

    [Fact]
    public async Task Many_addresses_trying_one_account_get_429()
    {
        const string target = "target.account@test.clinic";

        for (var i = 0; i < ThrottledSignInFixture.PerAccount; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await From($"198.51.100.{i + 1}").SignInAsync(target, "Not-the-password-1!")).StatusCode);
        }
        var refused = await From("198.51.100.99").SignInAsync(" TARGET.Account@test.clinic", "Not-the-password-1!");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.BadRequest, (await From("198.51.100.99").SignInAsync("other.account@test.clinic", "Not-the-password-1!")).StatusCode);
    }
}
