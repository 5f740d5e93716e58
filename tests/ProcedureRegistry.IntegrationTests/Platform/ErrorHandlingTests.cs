using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>This class's app gets one extra, test-only endpoint that throws, to see what a visitor is shown.</summary>
public sealed class ThrowingAppFixture : AppFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddControllersWithViews().AddApplicationPart(typeof(ThrowingController).Assembly);
}

[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ThrowingController : Controller
{
    [HttpGet("/test-only/throw")]
    public IActionResult Throw() => throw new InvalidOperationException("secret-internal-detail at SomeClass.SomeMethod");
}

public sealed class ErrorHandlingTests(ThrowingAppFixture app) : IClassFixture<ThrowingAppFixture>
{
    [Fact]
    public async Task An_unexpected_exception_shows_a_friendly_page_without_a_stack_trace()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/test-only/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong on our side", page);
        Assert.DoesNotContain("secret-internal-detail", page);
        Assert.DoesNotContain("SomeMethod", page);
        Assert.DoesNotContain("at ProcedureRegistry", page);
    }

    [Fact]
    public async Task Unknown_route_gives_a_404_page_to_a_signed_in_user()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_route_sends_an_anonymous_visitor_to_sign_in_and_reveals_nothing()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Json_clients_get_problem_details_for_an_unknown_api_route()
    {
        var client = await app.SignedInClientAsync(Roles.Admin);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/nothing-here");
        request.Headers.Accept.ParseAdd("application/json");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Anonymous_json_client_gets_401_not_a_redirect()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/api/clinics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
