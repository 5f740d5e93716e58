using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ProcedureRegistry.Web.Data;

/// <summary>
/// Part of /health/ready: Degraded when the app's own login could rewrite the audit trail or alter the schema (a
/// superuser, the owner of a table, or allowed to UPDATE audit_entries), i.e. when ConnectionStrings:Registry names
/// the owner role instead of the application role (see <see cref="DatabaseRoles"/>).
/// </summary>
public sealed class DatabaseRoleHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    private const string OverPrivileged = """
        SELECT r.rolsuper OR r.rolbypassrls
            OR EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relowner = r.oid AND n.nspname IN ('public', 'hangfire'))
            OR coalesce(has_table_privilege(to_regclass('public.audit_entries'), 'UPDATE'), false)
        FROM pg_roles r WHERE r.rolname = current_user
        """;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(OverPrivileged);
        return await command.ExecuteScalarAsync(cancellationToken) is true
            ? HealthCheckResult.Degraded("The app's database role can alter the schema or the audit trail: connect as the application role (db/roles).")
            : HealthCheckResult.Healthy();
    }
}
