using Npgsql;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>Plain SQL on a test's own connection, for checks below the app (triggers, locks, constraints).</summary>
public static class Sql
{
    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync();
    }
}
