using Npgsql;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>
/// Two connections that see the same data: the first opens a read-only repeatable-read transaction and exports its
/// snapshot, the second imports it (as pg_dump's parallel workers do), so statements run at the same time on the two
/// still describe one moment of the registry. Both carry <see cref="ReportDataExtractor.TuningSql"/>; disposing ends
/// the transactions and returns the connections to the pool.
/// </summary>
public sealed class SnapshotLanes : IAsyncDisposable
{
    private readonly NpgsqlConnection[] _connections;
    private readonly NpgsqlTransaction[] _transactions;

    private SnapshotLanes(NpgsqlConnection[] connections, NpgsqlTransaction[] transactions) =>
        (_connections, _transactions) = (connections, transactions);

    public NpgsqlConnection First => _connections[0];
    public NpgsqlConnection Second => _connections[1];

    public static async Task<SnapshotLanes> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connections = new List<NpgsqlConnection>();
        var transactions = new List<NpgsqlTransaction>();
        try
        {
            string? snapshot = null;
            for (var i = 0; i < 2; i++)
            {
                var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connections.Add(connection);
                transactions.Add(await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken));
                var setUp = snapshot is null
                    ? $"SET TRANSACTION READ ONLY; {ReportDataExtractor.TuningSql}"
                    : $"SET TRANSACTION READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot}'; {ReportDataExtractor.TuningSql}";
                await using (var command = new NpgsqlCommand(setUp, connection))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                if (snapshot is null)
                {
                    await using var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection);
                    snapshot = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
                }
            }
            return new SnapshotLanes([.. connections], [.. transactions]);
        }
        catch
        {
            await new SnapshotLanes([.. connections], [.. transactions]).DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transaction in _transactions)
        {
            await transaction.DisposeAsync(); // rolls back: nothing was written
        }
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
