using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// Migrates a template database once per run, then hands every test class a fresh copy of it
/// (CREATE DATABASE ... TEMPLATE), so classes are isolated and can run in parallel.
/// </summary>
/// <remarks>
/// The two database roles of a deployment (db/roles): <see cref="OwnerRole"/> migrates and owns every object;
/// <see cref="ApplicationRole"/>, which the app under test connects as (<see cref="ApplicationConnectionString"/>),
/// has only the grants `migrate` gives it. Connection strings handed to tests stay the superuser's, for arranging
/// and asserting below the app.
/// </remarks>
public static class TestDatabases
{
    public const string OwnerRole = "registry_owner";
    public const string ApplicationRole = "registry_app";
    // Trust authentication on the local cluster; the Testcontainers server checks passwords.
    private const string RolePassword = "registry-test-only";
    private const string Template = "registry_template";
    private static readonly Lazy<Task> TemplateReady = new(CreateTemplateAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static int _counter;

    /// <summary>Creates a new, migrated database and returns its connection string.</summary>
    public static async Task<string> CreateAsync(string purpose)
    {
        var server = await PostgresServer.InstanceAsync();
        await TemplateReady.Value;
        var name = $"t{Interlocked.Increment(ref _counter)}_{new string(purpose.ToLowerInvariant().Where(char.IsLetterOrDigit).Take(40).ToArray())}";
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{name}\" TEMPLATE {Template} OWNER {OwnerRole}");
        }
        finally
        {
            CreateLock.Release();
        }
        return server.ConnectionStringFor(name);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The same database as <paramref name="connectionString"/>, logged in as the application role.</summary>
    public static string ApplicationConnectionString(string connectionString) => As(connectionString, ApplicationRole);

    /// <summary>The same database as <paramref name="connectionString"/>, logged in as the owner role.</summary>
    public static string OwnerConnectionString(string connectionString) => As(connectionString, OwnerRole);

    private static string As(string connectionString, string role) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = RolePassword }.ConnectionString;

    private static async Task CreateTemplateAsync()
    {
        var server = await PostgresServer.InstanceAsync();
        // Roles are per cluster, and this process has its cluster (or container) to itself.
        await ExecuteAsync(server.AdminConnectionString, $"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OwnerRole}') THEN
                    CREATE ROLE {OwnerRole} LOGIN PASSWORD '{RolePassword}';
                END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ApplicationRole}') THEN
                    CREATE ROLE {ApplicationRole} LOGIN NOINHERIT PASSWORD '{RolePassword}';
                END IF;
            END $$
            """);
        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS {Template}");
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE {Template} OWNER {OwnerRole}");
        // As a deployment's `migrate` does; its connections are unpooled, so none lingers on the template to block copying.
        await DatabaseSetup.MigrateAsync(OwnerConnectionString(server.ConnectionStringFor(Template)), ApplicationRole);
    }

    /// <summary>A DbContext on <paramref name="connectionString"/>, for arranging and asserting beside the app.</summary>
    /// <remarks>
    /// One data source per connection string for the whole run: a data source made per context was never disposed,
    /// so each call left an idle pooled connection behind for minutes, and a busy run hit max_connections.
    /// </remarks>
    public static RegistryDbContext Context(string connectionString) =>
        new(RegistryApplication.ConfigureDbContext(new DbContextOptionsBuilder<RegistryDbContext>(),
            DataSources.GetOrAdd(connectionString, NpgsqlDataSource.Create)).Options as DbContextOptions<RegistryDbContext>
            ?? throw new InvalidOperationException());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();
}
