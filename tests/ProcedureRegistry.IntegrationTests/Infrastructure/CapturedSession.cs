using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// A copy of a signed-in user's auth cookie, replayed by a second client with no cookie jar of its own: what an
/// attacker holding a stolen cookie, or the user's other browser, would send.
/// </summary>
public sealed class CapturedSession
{
    private readonly HttpClient _replay;
    private readonly string _cookie;

    private CapturedSession(HttpClient browser, HttpClient replay, string cookie) => (Browser, _replay, _cookie) = (browser, replay, cookie);

    /// <summary>The client that signed in, with its own cookie jar (to sign out, or to act as the user).</summary>
    public HttpClient Browser { get; }

    /// <summary>Signs <paramref name="email"/> in through the login form and keeps the auth cookie the response set.</summary>
    public static async Task<CapturedSession> SignInAsync(RegistryFactory factory, string email, string password)
    {
        var browser = factory.CreateBrowserLikeClient();
        var signIn = await browser.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("registry.auth=")).Split(';')[0];
        var replay = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        return new CapturedSession(browser, replay, cookie);
    }

    /// <summary>True while the cookie still opens the dashboard; false once the app sends it to the sign-in form.</summary>
    public async Task<bool> IsSignedInAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", _cookie);
        using var response = await _replay.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return true;
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString.Replace("https://localhost", ""));
        return false;
    }
}
