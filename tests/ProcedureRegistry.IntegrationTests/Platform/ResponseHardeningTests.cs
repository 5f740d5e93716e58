using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Infrastructure.Messaging;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>Issue 10, finding 13: what responses say about themselves (caching, retry, server), the proxy's client address, the SMS outbox file, email addresses.</summary>
public sealed class ResponseHardeningTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string UnknownLink = "/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    [Fact]
    public async Task Pages_downloads_and_the_patient_link_are_never_cached_but_static_files_are()
    {
        var analyst = await app.SignedInClientAsync(Roles.Analyst);
        var anonymous = app.Factory.CreateBrowserLikeClient();

        foreach (var response in new[]
                 {
                     await analyst.GetAsync("/reports"), await analyst.GetAsync("/reports/new"), await analyst.GetAsync("/reports/999999"),
                     await anonymous.GetAsync(UnknownLink), await anonymous.GetAsync("/account/login"),
                 })
        {
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{response.RequestMessage!.RequestUri}: {response.Headers.CacheControl}");
        }
        var css = await anonymous.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.False(css.Headers.CacheControl?.NoStore == true);
        Assert.Equal(TimeSpan.FromHours(1), css.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task A_rate_limited_patient_link_says_when_to_try_again()
    {
        await using var limited = new RegistryFactory(app.ConnectionString, new Dictionary<string, string?> { ["RateLimits:PatientLinkPerMinute"] = "1" });
        var client = limited.CreateBrowserLikeClient();

        await client.GetAsync(UnknownLink);
        var refused = await client.GetAsync(UnknownLink);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
    }

    [Fact]
    public async Task Kestrel_does_not_name_itself_in_a_server_header()
    {
        await using var served = new RegistryFactory(app.ConnectionString);
        using var client = new HttpClient { BaseAddress = served.StartOnKestrel() };

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), string.Join(",", response.Headers.Server));
    }

    /// <summary>Three requests from one forwarded client address and one from another, all through the loopback peer, limit 2 a minute.</summary>
    private async Task<HttpStatusCode[]> PatientLinkThroughProxyAsync(string knownProxies)
    {
        await using var served = new RegistryFactory(app.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimits:PatientLinkPerMinute"] = "2",
            ["ForwardedHeaders:KnownProxies"] = knownProxies,
        });
        using var client = new HttpClient { BaseAddress = served.StartOnKestrel() };
        var statuses = new List<HttpStatusCode>();
        foreach (var forwardedFor in new[] { "203.0.113.7", "203.0.113.7", "203.0.113.7", "198.51.100.20" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, UnknownLink);
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }
        return [.. statuses];
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_patient_link_is_limited_per_client_address()
    {
        var statuses = await PatientLinkThroughProxyAsync("127.0.0.1");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.NotFound], statuses);
    }

    [Fact]
    public async Task X_forwarded_for_from_a_peer_that_is_not_a_known_proxy_is_ignored()
    {
        var statuses = await PatientLinkThroughProxyAsync("10.9.9.9");

        // Every request counts against the peer itself, whatever address it claims to forward.
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_development_sms_outbox_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var directory = Path.Combine(Path.GetTempPath(), $"sms-{Guid.NewGuid():N}");
        var created = Path.Combine(directory, "new", "outbox.log");
        var existing = Path.Combine(directory, "existing.log");
        Directory.CreateDirectory(directory);
        File.WriteAllText(existing, "");
        File.SetUnixFileMode(existing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            foreach (var path in new[] { created, existing })
            {
                var sender = new FileSmsSender(Options.Create(new SmsOptions { OutboxPath = path }), NullLogger<FileSmsSender>.Instance);
                await using var session = await sender.OpenAsync(CancellationToken.None);
                await session.SendAsync(new OutgoingReminder(1, ReminderChannel.Sms, "+33612345678", "Clinic", "https://localhost/r/x", DateTimeOffset.UtcNow), CancellationToken.None);

                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                Assert.Contains("+33612345678", await File.ReadAllTextAsync(path));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("name@example.org", true)]
    [InlineData("first.last+tag@sub.example.co.uk", true)]
    [InlineData("a@b", false)]
    [InlineData("a@b.", false)]
    [InlineData("a@.org", false)]
    [InlineData("x y@example.org", false)]
    [InlineData("name@exa mple.org", false)]
    [InlineData("name@@example.org", false)]
    [InlineData("name@example.123", false)]
    [InlineData("name@-example.org", false)]
    public void An_email_address_needs_a_local_part_without_spaces_and_a_dotted_domain(string address, bool valid) =>
        Assert.Equal(valid, EmailAddressRule.IsValid(address));

    [Fact]
    public void An_email_address_is_at_most_254_characters_with_a_local_part_of_at_most_64()
    {
        Assert.False(EmailAddressRule.IsValid(new string('a', 65) + "@example.org"));
        Assert.True(EmailAddressRule.IsValid(new string('a', 64) + "@example.org"));
        Assert.False(EmailAddressRule.IsValid("a@" + string.Join(".", Enumerable.Repeat(new string('b', 60), 5)) + ".org"));
    }

    [Fact]
    public async Task The_database_refuses_an_email_that_is_not_an_address_whoever_writes_it()
    {
        var patientId = await app.RegisterPatientAsync(await app.ClinicianAsync(), "EMAIL-DB");
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            Sql.ScalarAsync(connection, $"UPDATE patients SET email = 'a@b' WHERE id = {patientId}"));

        Assert.Equal("ck_patients_email_format", refused.ConstraintName);
        await Sql.ScalarAsync(connection, $"UPDATE patients SET email = 'robert.maigne@example.org' WHERE id = {patientId}");
    }

    [Theory]
    [InlineData("/patients/new", "a@b")]
    [InlineData("/admin/users/new", "x y@example.org")]
    public async Task Forms_refuse_an_email_that_is_not_an_address(string form, string email)
    {
        var clinicId = await app.ClinicAsync();
        var client = await app.SignedInClientAsync(Roles.Admin);
        var fields = form == "/patients/new"
            ? Html.Fields(("ClinicId", clinicId.ToString()), ("Mrn", "EMAIL-1"), ("FamilyName", "Maigne"), ("GivenName", "Robert"),
                ("DateOfBirth", "1958-03-14"), ("Sex", "Male"), ("Email", email), ("ReminderConsent", "true"), ("PreferredChannel", "Email"),
                ("TimeZone", "Europe/Paris"))
            : Html.Fields(("Email", email), ("DisplayName", "Someone"), ("Role", Roles.Clinician), ("ClinicIds", clinicId.ToString()));

        var response = await client.PostFormAsync(form, form, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Email must be an email address such as name@example.org", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(db.Patients.Any(p => p.Email == email) || db.Users.Any(u => u.Email == email));
    }
}
