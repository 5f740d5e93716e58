using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// Migrates a template database once per run, then hands every test class a fresh copy of it
/// (CREATE DATABASE ... TEMPLATE), so classes are isolated and can run in parallel.
/// </summary>
public static class TestDatabases
{
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
            await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{name}\" TEMPLATE {Template}");
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

    private static async Task CreateTemplateAsync()
    {
        var server = await PostgresServer.InstanceAsync();
        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS {Template}");
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE {Template}");

        // Pooling off: no connection may linger on a template database, or copying it fails.
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor(Template)) { Pooling = false }.ConnectionString;
        var services = new ServiceCollection();
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddDbContext<RegistryDbContext>((sp, options) =>
            RegistryApplication.ConfigureDbContext(options, sp.GetRequiredService<NpgsqlDataSource>()));
        await using var provider = services.BuildServiceProvider();
        await DatabaseSetup.MigrateAsync(provider);
    }

    /// <summary>A DbContext on <paramref name="connectionString"/>, for arranging and asserting beside the app.</summary>
    public static RegistryDbContext Context(string connectionString) =>
        new(RegistryApplication.ConfigureDbContext(new DbContextOptionsBuilder<RegistryDbContext>(),
            NpgsqlDataSource.Create(connectionString)).Options as DbContextOptions<RegistryDbContext>
            ?? throw new InvalidOperationException());
}
