using System.Reflection;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Infrastructure.Auditing;

/// <summary>
/// Appends one audit row for every command, every audited query, and every request whose result shows identified
/// patients (<see cref="IShowsPatients"/>, audited even when the request is not marked), with the ids of those patients. A success is written through
/// the request's DbContext, inside the command's transaction, so the change and its audit row commit together. A
/// failure is written on a connection of its own, so the row survives the rollback of the command's transaction.
/// </summary>
public sealed class AuditBehavior<TRequest, TResponse>(
    RegistryDbContext db, NpgsqlDataSource dataSource, ICurrentUser user, TimeProvider clock, PatientReadsOfRequest readsOfRequest)
    : IPipelineBehavior<TRequest, TResponse>
{
    /// <summary><c>Result&lt;T&gt;.Value</c> of this response type, or null when it carries no value.</summary>
    private static readonly PropertyInfo? ValueProperty =
        typeof(TResponse).IsGenericType && typeof(TResponse).GetGenericTypeDefinition() == typeof(Result<>)
            ? typeof(TResponse).GetProperty(nameof(Result<object>.Value))
            : null;

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var audited = request as IAudited<Result>;
        TResponse response;
        try
        {
            response = await next();
        }
        catch (Exception) when (audited is not null)
        {
            await AppendIndependentlyAsync(NewEntry(audited.AuditAction, null, "Error", null), CancellationToken.None);
            throw;
        }

        var result = response as Result;
        // What the response shows, or for a command the patient it was sent for (a change is filed under its patient too).
        var patients = ValueProperty?.GetValue(response) as IShowsPatients ?? request as IShowsPatients;
        var shown = patients?.PatientIdsShown.Where(id => id > 0).Distinct().Order().ToArray();
        if (audited is null && shown is null)
        {
            return response;
        }
        if (!readsOfRequest.FirstTimeShown(shown) && request is not ICommand<Result>)
        {
            // This scope already wrote a row naming these patients (a job or command reading one record twice; a
            // controller action sends one request, ArchitectureTests). One row for one response.
            return response;
        }
        var action = audited?.AuditAction ?? ActionName(typeof(TRequest));
        var entry = NewEntry(action, result?.EntityId, result?.Outcome.ToString() ?? "Succeeded", shown);
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

    /// <summary>"SearchPatients" for <c>SearchPatients.Query</c>: the use case's name.</summary>
    private static string ActionName(Type request) => request.DeclaringType?.Name ?? request.Name;

    private AuditEntry NewEntry(string action, string? entityId, string outcome, int[]? patientIds) => new()
    {
        OccurredAt = clock.GetUtcNow(),
        UserId = user.UserId,
        UserName = user.UserName,
        Action = action,
        EntityId = entityId,
        PatientIds = patientIds,
        Details = user.RequestLine is { Length: > AuditEntry.DetailsMaxLength } line ? line[..AuditEntry.DetailsMaxLength] : user.RequestLine,
        Outcome = outcome,
        RemoteIp = user.RemoteIp,
        TraceId = user.TraceId,
    };

    private async Task AppendIndependentlyAsync(AuditEntry e, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO audit_entries (occurred_at, user_id, user_name, action, entity_id, patient_ids, details, outcome, remote_ip, trace_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        command.Parameters.Add(new() { Value = e.OccurredAt });
        command.Parameters.Add(new() { Value = (object?)e.UserId ?? DBNull.Value });
        command.Parameters.Add(new() { Value = e.UserName });
        command.Parameters.Add(new() { Value = e.Action });
        command.Parameters.Add(new() { Value = (object?)e.EntityId ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)e.PatientIds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)e.Details ?? DBNull.Value });
        command.Parameters.Add(new() { Value = e.Outcome });
        command.Parameters.Add(new() { Value = (object?)e.RemoteIp ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)e.TraceId ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// The patients this scope (one web request, one job) has already named in an audit row, so that two reads of the same
/// record write one row, not two. Controller actions send one request each (a refused command's result carries the page
/// it is shown on), so on the web this is a safety net.
/// </summary>
public sealed class PatientReadsOfRequest
{
    private readonly HashSet<int> _recorded = [];

    /// <summary>False when every patient of <paramref name="shown"/> was recorded already by this request.</summary>
    public bool FirstTimeShown(int[]? shown)
    {
        if (shown is null || shown.Length == 0)
        {
            return true;
        }
        var fresh = !_recorded.IsSupersetOf(shown);
        _recorded.UnionWith(shown);
        return fresh;
    }
}
