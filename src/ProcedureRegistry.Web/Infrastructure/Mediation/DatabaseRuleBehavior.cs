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
        catch (Exception e) when (e is DbUpdateConcurrencyException
                                  || (e is DbUpdateException { InnerException: PostgresException pg } && IsSequenceRace(pg)))
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

    /// <summary>
    /// Unique indexes that number the rows of one parent in sequence (revision n + 1, reminder attempt n + 1). Two
    /// writers that read the same n both take n + 1; the loser's insert fails here before the parent's xmin check
    /// can, so it is the same concurrent edit and reads as one (409), not as a value "already in use".
    /// </summary>
    public static readonly IReadOnlySet<string> SequenceIndexes = new HashSet<string>(StringComparer.Ordinal)
    {
        "ix_patient_revisions_patient_id_number",
        "ix_procedure_revisions_procedure_id_number",
        "ix_assessment_revisions_assessment_id_number",
        "ix_reminder_messages_follow_up_id_attempt",
    };

    private static bool IsSequenceRace(PostgresException pg) =>
        pg.SqlState == PostgresErrorCodes.UniqueViolation && pg.ConstraintName is { } name && SequenceIndexes.Contains(name);

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
