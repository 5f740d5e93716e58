namespace ProcedureRegistry.Web.Infrastructure.Auditing;

/// <summary>
/// One row of the append-only audit trail. The database refuses UPDATE, DELETE and TRUNCATE on its table
/// (trigger in the migration), so a row, once written, stays as written.
/// </summary>
public sealed class AuditEntry
{
    public const int DetailsMaxLength = 1000;

    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>The signed-in user's id, or null for an anonymous visitor or the system.</summary>
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";
    /// <summary>What was done, e.g. "CreateClinic", "ViewPatient", "SignIn".</summary>
    public string Action { get; set; } = "";
    public string? EntityId { get; set; }
    /// <summary>The patients whose identifiers the response showed (a read of identified data), else null.</summary>
    public int[]? PatientIds { get; set; }
    /// <summary>The request as it arrived (method, path and query, e.g. a search's words), for reading the row later.</summary>
    public string? Details { get; set; }
    /// <summary>Succeeded, Invalid, NotFound, Forbidden, Conflict or Error.</summary>
    public string Outcome { get; set; } = "";
    public string? RemoteIp { get; set; }
    public string? TraceId { get; set; }
}
