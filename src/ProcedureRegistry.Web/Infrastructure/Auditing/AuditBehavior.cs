using MediatR;
using Npgsql;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Infrastructure.Auditing;

/// <summary>
/// Appends one audit row for every command and every audited query. A success is written through the request's
/// DbContext, inside the command's transaction, so the change and its audit row commit together. A failure is
/// written on a connection of its own, so the row survives the rollback of the command's transaction.
/// </summary>
public sealed class AuditBehavior<TRequest, TResponse>(
    RegistryDbContext db, NpgsqlDataSource dataSource, ICurrentUser user, TimeProvider clock)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not IAudited<Result> audited)
        {
            return await next();
        }
        var action = audited.AuditAction;

        TResponse response;
        try
        {
            response = await next();
        }
        catch (Exception)
        {
            await AppendIndependentlyAsync(NewEntry(action, null, "Error"), CancellationToken.None);
            throw;
        }

        var result = response as Result;
        var entry = NewEntry(action, result?.EntityId, result?.Outcome.ToString() ?? "Succeeded");
        if (result is null || result.Succeeded)
        {
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            await AppendIndependentlyAsync(entry, cancellationToken);
        }
        return response;
    }

    private AuditEntry NewEntry(string action, string? entityId, string outcome) => new()
    {
        OccurredAt = clock.GetUtcNow(),
        UserId = user.UserId,
        UserName = user.UserName,
        Action = action,
        EntityId = entityId,
        Outcome = outcome,
        RemoteIp = user.RemoteIp,
        TraceId = user.TraceId,
    };

    private async Task AppendIndependentlyAsync(AuditEntry e, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO audit_entries (occurred_at, user_id, user_name, action, entity_id, outcome, remote_ip, trace_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        command.Parameters.Add(new() { Value = e.OccurredAt });
        command.Parameters.Add(new() { Value = (object?)e.UserId ?? DBNull.Value });
        command.Parameters.Add(new() { Value = e.UserName });
        command.Parameters.Add(new() { Value = e.Action });
        command.Parameters.Add(new() { Value = (object?)e.EntityId ?? DBNull.Value });
        command.Parameters.Add(new() { Value = e.Outcome });
        command.Parameters.Add(new() { Value = (object?)e.RemoteIp ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)e.TraceId ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
