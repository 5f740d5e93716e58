using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using ProcedureRegistry.Web.Infrastructure;

namespace ProcedureRegistry.Web.Data;

/// <summary>Brings a database to the current schema: EF migrations (which seed the four roles) and Hangfire's schema.</summary>
public static class DatabaseSetup
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        await db.Database.MigrateAsync(cancellationToken);

        var dataSource = scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            PostgreSqlObjectsInstaller.Install(connection, RegistryApplication.HangfireSchema);
            // The installer's scripts set search_path; the app's pool does not reset connections (NoResetOnClose).
            await using var reset = new NpgsqlCommand("DISCARD ALL", connection);
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The idempotent SQL script of every migration, as kept in db/schema.sql.</summary>
    public static string GenerateIdempotentScript(RegistryDbContext db) =>
        db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).ReplaceLineEndings("\n");
}
