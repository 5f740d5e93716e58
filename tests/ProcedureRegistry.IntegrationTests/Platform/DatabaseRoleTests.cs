using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>
/// The app's own database login (whatever ConnectionStrings:Registry names) is the least-privilege application role:
/// it cannot skip or disable the audit trigger, change audit rows, or change the schema. Migrations run as the owner.
/// </summary>
public sealed class DatabaseRoleTests(AppFixture app) : IClassFixture<AppFixture>
{
    private string AppLogin => app.Factory.Services.GetRequiredService<IConfiguration>().GetConnectionString("Registry")!;

    [Theory]
    [InlineData("SET session_replication_role = replica")]
    [InlineData("ALTER TABLE audit_entries DISABLE TRIGGER ALL")]
    [InlineData("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_or_delete")]
    [InlineData("UPDATE audit_entries SET outcome = 'Rewritten'")]
    [InlineData("DELETE FROM audit_entries")]
    [InlineData("TRUNCATE audit_entries")]
    [InlineData("CREATE TABLE shadow_audit (id int)")]
    [InlineData("CREATE SCHEMA shadow")]
    [InlineData("DROP TABLE patients")]
    [InlineData("ALTER TABLE patients ADD COLUMN note text")]
    [InlineData("CREATE TABLE hangfire.shadow (id int)")]
    [InlineData("UPDATE __ef_migrations_history SET product_version = 'x'")]
    public async Task The_application_role_is_refused(string statement)
    {
        await app.UserAsync(); // at least one audit row, so a permitted UPDATE or DELETE would have had work to do
        await using var connection = new NpgsqlConnection(AppLogin);
        await connection.OpenAsync();
        // Rolled back whatever happens, so a statement that wrongly succeeds cannot break the other tests.
        await using var transaction = await connection.BeginTransactionAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Sql.ScalarAsync(connection, statement, transaction));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        // By the privilege system, before the append-only trigger (a second line) is reached.
        Assert.DoesNotContain("append-only", refused.MessageText);
    }

    [Fact]
    public async Task The_application_role_may_append_to_and_read_the_audit_trail()
    {
        await app.UserAsync();
        await using var connection = new NpgsqlConnection(AppLogin);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var inserted = await Sql.ScalarAsync(connection, """
            INSERT INTO audit_entries (occurred_at, user_name, action, outcome)
            VALUES (now(), 'test', 'Probe', 'Succeeded') RETURNING id
            """, transaction);
        var count = (long)(await Sql.ScalarAsync(connection, "SELECT count(*) FROM audit_entries", transaction))!;

        Assert.NotNull(inserted);
        Assert.True(count >= 2);
    }

    [Fact]
    public async Task The_application_role_is_no_superuser_and_owns_nothing()
    {
        var role = new NpgsqlConnectionStringBuilder(AppLogin).Username!;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();

        var privileged = await Sql.ScalarAsync(connection,
            $"SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication FROM pg_roles WHERE rolname = '{role}'");
        var owned = await Sql.ScalarAsync(connection, $"""
            SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)
                 + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
                 + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
                 + (SELECT count(*) FROM pg_type WHERE typowner = r.oid)
                 + (SELECT count(*) FROM pg_database WHERE datdba = r.oid)
            FROM pg_roles r WHERE r.rolname = '{role}'
            """);
        var memberOf = await Sql.ScalarAsync(connection,
            $"SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = '{role}'");

        Assert.Equal(false, privileged);
        Assert.Equal(0L, owned);
        Assert.Equal(0L, memberOf);
    }

    /// <summary>
    /// Grants follow the tables: a table a new migration adds is usable by the app without a grant of its own, and
    /// only the audit trail and the schema bookkeeping are limited.
    /// </summary>
    [Fact]
    public async Task Every_table_of_the_owner_gets_exactly_the_dml_the_app_needs()
    {
        var role = new NpgsqlConnectionStringBuilder(AppLogin).Username!;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();

        var privileges = new Dictionary<string, string>();
        await using (var command = new NpgsqlCommand($"""
            SELECT n.nspname || '.' || c.relname,
                   concat_ws(',',
                       CASE WHEN has_table_privilege('{role}', c.oid, 'SELECT') THEN 'SELECT' END,
                       CASE WHEN has_table_privilege('{role}', c.oid, 'INSERT') THEN 'INSERT' END,
                       CASE WHEN has_table_privilege('{role}', c.oid, 'UPDATE') THEN 'UPDATE' END,
                       CASE WHEN has_table_privilege('{role}', c.oid, 'DELETE') THEN 'DELETE' END,
                       CASE WHEN has_table_privilege('{role}', c.oid, 'TRUNCATE') THEN 'TRUNCATE' END,
                       CASE WHEN has_table_privilege('{role}', c.oid, 'TRIGGER') THEN 'TRIGGER' END,
                       CASE WHEN has_table_privilege('{role}', c.oid, 'REFERENCES') THEN 'REFERENCES' END)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('public', 'hangfire') AND c.relkind IN ('r', 'p')
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                privileges[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Equal("SELECT,INSERT", privileges["public.audit_entries"]);
        Assert.Equal("SELECT", privileges["public.__ef_migrations_history"]);
        Assert.Equal("SELECT", privileges["hangfire.schema"]);
        string[] appendOnly = ["public.blinded_kits", "public.kit_allocations", "public.block_unblindings"];
        Assert.All(appendOnly, t => Assert.Equal((t, "SELECT,INSERT"), (t, privileges[t])));
        string[] limited = ["public.audit_entries", "public.__ef_migrations_history", "hangfire.schema", .. appendOnly];
        Assert.All(privileges.Where(p => !limited.Contains(p.Key)), p => Assert.Equal((p.Key, "SELECT,INSERT,UPDATE,DELETE"), (p.Key, p.Value)));
    }

    [Fact]
    public async Task Readiness_is_degraded_when_the_app_connects_as_the_owner_or_a_superuser()
    {
        async Task<string> ReadyAs(string login)
        {
            await using var factory = new RegistryFactory(app.ConnectionString, new Dictionary<string, string?> { ["ConnectionStrings:Registry"] = login });
            return await factory.CreateBrowserLikeClient().GetStringAsync("/health/ready");
        }

        Assert.Equal("Degraded", await ReadyAs(TestDatabases.OwnerConnectionString(app.ConnectionString)));
        Assert.Equal("Degraded", await ReadyAs(app.ConnectionString));
        Assert.Equal("Healthy", await app.Factory.CreateBrowserLikeClient().GetStringAsync("/health/ready"));
    }
}
