using MediatR;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Infrastructure.Mediation;

/// <summary>
/// The database is the second line behind the validators. When one of its rules stops a write that a validator let
/// through (a race on a UNIQUE key, a CHECK, a concurrent edit), the user gets a clear result, not a 500.
/// </summary>
public sealed class DatabaseRuleBehavior<TRequest, TResponse>(ILogger<DatabaseRuleBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (!FailureOf<TResponse>.IsSupported)
        {
            return await next();
        }
        try
        {
            return await next();
        }
        catch (DbUpdateConcurrencyException)
        {
            var stale = Fail.Stale();
            return FailureOf<TResponse>.Make(stale.Outcome, stale.Errors);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pg && Describe(pg) is { } message)
        {
            logger.LogInformation("Database rule {Constraint} ({SqlState}) refused a write of {Request}", pg.ConstraintName, pg.SqlState, typeof(TRequest).Name);
            return FailureOf<TResponse>.Make(Outcome.Invalid, [new FieldError(FieldOf(pg), message)]);
        }
    }

    private static string? Describe(PostgresException pg) => pg.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => $"This value is already in use (database rule {pg.ConstraintName}).",
        PostgresErrorCodes.CheckViolation => $"This value is outside the allowed range (database rule {pg.ConstraintName}).",
        PostgresErrorCodes.ForeignKeyViolation => $"This refers to a record that does not exist (database rule {pg.ConstraintName}).",
        PostgresErrorCodes.NotNullViolation => $"{pg.ColumnName} is required (database rule).",
        PostgresErrorCodes.StringDataRightTruncation => "A value is longer than allowed.",
        _ => null,
    };

    // Constraint names follow ix_<table>_<column>, ck_<table>_<column>_<rule>; the column is the field to blame.
    private static string FieldOf(PostgresException pg) => pg.ColumnName ?? "";
}
