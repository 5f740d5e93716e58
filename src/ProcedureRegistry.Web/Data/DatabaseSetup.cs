using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using ProcedureRegistry.Web.Infrastructure;

namespace ProcedureRegistry.Web.Data;

/// <summary>
/// Brings a database to the current schema as the owner role: EF migrations (which seed the five roles),
/// Hangfire's schema, then the application role's privileges (db/roles/grants.sql).
/// </summary>
/// <remarks>
/// Two database roles (see <see cref="DatabaseRoles"/>): the owner runs this and owns every object; the
/// application role, which the web app and the other operator commands connect as, owns nothing and has only DML.
/// </remarks>
public static class DatabaseSetup
{
    private const string GrantsResource = "ProcedureRegistry.Web.Data.grants.sql";

    /// <summary>Migrates with the roles the configuration names (<see cref="DatabaseRoles.FromConfiguration"/>).</summary>
    public static Task MigrateAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken = default)
    {
        var roles = DatabaseRoles.FromConfiguration(configuration);
        if (roles.Warning is { } warning)
        {
            output.WriteLine("warning: " + warning);
        }
        return MigrateAsync(roles.OwnerConnectionString, roles.ApplicationRole, cancellationToken);
    }

    /// <param name="ownerConnectionString">Connects as the role that owns (or will own) the schema objects.</param>
    /// <param name="applicationRole">The role the app connects as; null grants nothing (a single-role database).</param>
    public static async Task MigrateAsync(string ownerConnectionString, string? applicationRole, CancellationToken cancellationToken = default)
    {
        // Its own unpooled connections: nothing set here (the installer's search_path) reaches the app's pool.
        var connectionString = new NpgsqlConnectionStringBuilder(ownerConnectionString) { Pooling = false }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var options = RegistryApplication.ConfigureDbContext(new DbContextOptionsBuilder<RegistryDbContext>(), dataSource).Options;
        await using (var db = new RegistryDbContext((DbContextOptions<RegistryDbContext>)options))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, RegistryApplication.HangfireSchema);
        if (applicationRole is not null)
        {
            await GrantApplicationRoleAsync(connection, applicationRole, cancellationToken);
        }
    }

    /// <summary>Runs db/roles/grants.sql (embedded) for <paramref name="applicationRole"/>, after every migration.</summary>
    private static async Task GrantApplicationRoleAsync(NpgsqlConnection connection, string applicationRole, CancellationToken cancellationToken)
    {
        await using var stream = typeof(DatabaseSetup).Assembly.GetManifestResourceStream(GrantsResource)
            ?? throw new InvalidOperationException($"Embedded resource {GrantsResource} is missing.");
        var grants = await new StreamReader(stream).ReadToEndAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var role = new NpgsqlCommand("SELECT set_config('registry.application_role', $1, true)", connection, transaction))
        {
            role.Parameters.Add(new NpgsqlParameter { Value = applicationRole });
            await role.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = new NpgsqlCommand(grants, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The idempotent SQL script of every migration, as kept in db/schema.sql, under a header that says so.</summary>
    public static string GenerateIdempotentScript(RegistryDbContext db) =>
        ScriptHeader + db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).ReplaceLineEndings("\n");

    private const string ScriptHeader = """
        -- Generated from the EF migrations; do not edit: `dotnet run --project src/ProcedureRegistry.Web -- schema-script "$PWD/db/schema.sql"`.
        -- The database's functions and triggers are defined in db/functions and db/triggers, one per file, and copied
        -- here as the migrations apply them (docs/database-rules.md). A test fails when this script and the migrations disagree.

        """;
}

/// <summary>
/// Which connection migrates and which role receives the application's privileges, from configuration:
/// <list type="bullet">
/// <item><c>ConnectionStrings:Registry</c>: the application role. The web app, its jobs and every operator command
/// except <c>migrate</c> connect with it.</item>
/// <item><c>ConnectionStrings:RegistryOwner</c>: the owner role, used by <c>migrate</c> (and Database:MigrateOnStartup)
/// only. Without it, migrate runs as the Registry login, which then owns the schema: a single-role database, with a
/// warning.</item>
/// <item><c>Database:ApplicationRole</c>: the role the grants go to; by default the user name of ConnectionStrings:Registry.</item>
/// </list>
/// </summary>
public sealed record DatabaseRoles(string OwnerConnectionString, string? ApplicationRole, string? Warning)
{
    public static DatabaseRoles FromConfiguration(IConfiguration configuration)
    {
        var application = RegistryApplication.ConnectionString(configuration);
        var owner = configuration.GetConnectionString("RegistryOwner");
        var role = configuration["Database:ApplicationRole"] is { Length: > 0 } configured
            ? configured
            : new NpgsqlConnectionStringBuilder(application).Username;
        if (owner is null)
        {
            return new DatabaseRoles(application, null,
                "ConnectionStrings:RegistryOwner is not set, so the app's own login runs the migrations and owns the schema " +
                "(it could alter tables and the audit trail). Set it to an owner role; see db/roles/create-roles.sql.");
        }
        var ownerUser = new NpgsqlConnectionStringBuilder(owner).Username;
        if (role is null)
        {
            return new DatabaseRoles(owner, null, "ConnectionStrings:Registry names no Username and Database:ApplicationRole is not set; no privileges granted.");
        }
        return string.Equals(role, ownerUser, StringComparison.Ordinal)
            ? new DatabaseRoles(owner, null, $"the application role \"{role}\" is the owner role itself; no privileges granted.")
            : new DatabaseRoles(owner, role, null);
    }
}
