using Hangfire;
using Hangfire.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Platform;

public sealed class EndpointSecurityTests(AppFixture app) : IClassFixture<AppFixture>
{
    /// <summary>
    /// The only routes a visitor may reach without signing in: sign-in (the code step too: between the password and
    /// the code only Identity's short-lived two-factor cookie is set), errors, health, the patient link page.
    /// </summary>
    private static readonly string[] Anonymous =
    [
        "GET account/login", "POST account/login", "GET account/two-factor", "POST account/two-factor", "GET account/access-denied",
        "* error", "* error/{code:int}", "* health/live", "* health/ready", "GET r/{token}", "POST r/{token}",
    ];

    [Fact]
    public void Every_endpoint_requires_a_signed_in_user_unless_it_is_on_the_short_anonymous_list()
    {
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);

        var anonymous = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => $"{Methods(e)} {e.RoutePattern.RawText?.TrimStart('/')}")
            .OrderBy(x => x)
            .ToList();

        Assert.Equal(Anonymous.OrderBy(x => x), anonymous);
    }

    [Fact]
    public void Failed_jobs_are_retried_a_bounded_number_of_times()
    {
        _ = app.Factory.Services.GetRequiredService<JobStorage>();
        var job = Job.FromExpression(() => Console.WriteLine());

        var retries = JobFilterProviders.Providers.GetFilters(job).Select(f => f.Instance).OfType<AutomaticRetryAttribute>().ToList();

        Assert.Equal(RegistryApplication.JobRetryAttempts, Assert.Single(retries).Attempts);
    }

    private static string Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? string.Join(",", methods) : "*";
}
