using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Infrastructure.Auditing;

namespace ProcedureRegistry.IntegrationTests.Features.Audit;

public sealed class AuditTrailTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("UPDATE audit_entries SET outcome = 'Succeeded'")]
    [InlineData("DELETE FROM audit_entries")]
    [InlineData("TRUNCATE audit_entries")]
    public async Task Audit_rows_cannot_be_changed_or_removed_through_the_apps_connection(string sql)
    {
        await app.UserAsync(Roles.Clinician); // leaves CreateClinic/CreateUser rows
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var before = await CountAsync(connection);
        Assert.True(before > 0);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText);
        Assert.Equal(before, await CountAsync(connection));
    }

    [Fact]
    public async Task Audit_rows_cannot_be_changed_through_ef_either()
    {
        await app.UserAsync(Roles.Clinician);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var entry = await db.AuditEntries.OrderBy(e => e.Id).FirstAsync();
        entry.Outcome = "Error";

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.IsType<PostgresException>(refused.InnerException);
    }

    [Fact]
    public async Task Admin_pages_through_the_audit_log_newest_first_and_filters_it()
    {
        var admin = await app.UserInClinicsAsync(Roles.Admin, "TEST");
        var client = await app.SignedInAsync(admin);
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            // Written oldest first, as the app would: ProbeAction001 is the newest. By the Admin, so in the Admin's clinics.
            db.AuditEntries.AddRange(Enumerable.Range(1, 120).Reverse().Select(i => new AuditEntry
            {
                OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-i),
                UserId = admin.Id,
                UserName = "paging.probe",
                Action = "ProbeAction" + i.ToString("000"),
                Outcome = "Succeeded",
            }));
            await db.SaveChangesAsync();
        }

        var first = await client.GetStringAsync("/admin/audit?user=paging.probe");
        Assert.Contains("120 entries match these filters.", first);
        Assert.Contains("ProbeAction001", first);
        Assert.DoesNotContain("ProbeAction051", first);
        var older = System.Text.RegularExpressions.Regex.Match(first, "href=\"([^\"]*before=\\d+)\"").Groups[1].Value;
        var second = await client.GetStringAsync(WebUtility.HtmlDecode(older));
        Assert.Contains("ProbeAction051", second);
        Assert.DoesNotContain("ProbeAction001<", second);

        var filtered = await client.GetStringAsync("/admin/audit?action=ProbeAction120");
        Assert.Contains("ProbeAction120", filtered);
        Assert.DoesNotContain("ProbeAction119", filtered);
        var none = await client.GetStringAsync("/admin/audit?user=nobody-at-all");
        Assert.Contains("No audit entries match these filters.", none);
    }

    [Theory]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.Analyst)]
    public async Task Only_admins_see_the_audit_log(string role)
    {
        var client = await app.SignedInClientAsync(role);

        var response = await client.GetAsync("/admin/audit");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection) =>
        (long)(await new NpgsqlCommand("SELECT count(*) FROM audit_entries", connection).ExecuteScalarAsync())!;
}
