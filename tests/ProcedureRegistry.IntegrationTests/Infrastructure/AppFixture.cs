using MediatR;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Features.Users;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// A test class's own database and app instance (use as IClassFixture). Helpers create clinics and users through
/// the app's own handlers and sign in through the real login form.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    private RegistryFactory? _factory;

    public RegistryFactory Factory => _factory ?? throw new InvalidOperationException("Fixture not initialised.");
    /// <summary>The superuser's connection, for arranging and asserting; the app itself connects as the application role.</summary>
    public string ConnectionString => Factory.ConnectionString;
    public string ApplicationConnectionString => Factory.ApplicationConnectionString;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Test-only services for this class's app instance (e.g. an extra controller).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        var connectionString = await TestDatabases.CreateAsync(GetType().Name);
        _factory = new RegistryFactory(connectionString, Settings, ConfigureServices);
        _ = _factory.Server; // start the host now, not in the first test
    }

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    public async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    public async Task<int> ClinicAsync(string code = "TEST")
    {
        await using var db = TestDatabases.Context(ConnectionString);
        var existing = db.Clinics.Where(c => c.Code == code).Select(c => (int?)c.Id).SingleOrDefault();
        if (existing is { } id)
        {
            return id;
        }
        var result = await SendAsync(new CreateClinic.Command { Code = code, Name = $"Clinic {code}", TimeZone = "Europe/Paris" });
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Value;
    }

    /// <summary>
    /// Creates a user with <paramref name="role"/> in clinic TEST and returns its email and password. Admins and staff
    /// of a clinic that requires it are enrolled in two-factor sign-in unless <paramref name="enrolTwoFactor"/> is false.
    /// </summary>
    public async Task<(string Email, string Password)> UserAsync(
        string role = Roles.Admin, string? email = null, string clinic = "TEST", bool enrolTwoFactor = true)
    {
        var clinicId = await ClinicAsync(clinic);
        email ??= $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@test.clinic";
        var result = await SendAsync(new CreateUser.Command { Email = email, DisplayName = $"Test {role}", Role = role, ClinicIds = [clinicId] });
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        if (enrolTwoFactor && (role == Roles.Admin || await ClinicRequiresTwoFactorAsync(clinicId)))
        {
            // Admins, and staff of clinics that require it, must sign in with an authenticator code.
            await Authenticator.EnrolAsync(Factory.Services, email);
        }
        return (email, result.Value!.InitialPassword);
    }

    private async Task<bool> ClinicRequiresTwoFactorAsync(int clinicId)
    {
        await using var db = TestDatabases.Context(ConnectionString);
        return db.Clinics.Where(c => c.Id == clinicId).Select(c => c.RequireTwoFactor).Single();
    }

    /// <summary>A client signed in as a new user with <paramref name="role"/>, through the login form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string role = Roles.Admin, RegistryFactory? on = null, string clinic = "TEST")
    {
        var (email, password) = await UserAsync(role, clinic: clinic);
        var client = (on ?? Factory).CreateBrowserLikeClient();
        var response = await client.SignInAsync(email, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}

public static class SignInExtensions
{
    /// <summary>
    /// Signs in through the real form: the password, then, for a user enrolled through <see cref="Authenticator"/>,
    /// the current authenticator code. Returns the last step's response.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostFormAsync("/account/login", "/account/login", Html.Fields(("Email", email), ("Password", password)));
        var codeStep = response.Headers.Location?.OriginalString.StartsWith("/account/two-factor?") == true;
        return codeStep && Authenticator.KeyOf(email) is { } key
            ? await client.PostFormAsync(response.Headers.Location!.OriginalString, "/account/two-factor",
                Html.Fields(("Code", Authenticator.CodeFor(key))))
            : response;
    }
}
