namespace ProcedureRegistry.Domain.Procedures;

/// <summary>What part of a procedure was before a correction (as JSON), with who, when and why.</summary>
public sealed class ProcedureRevision
{
    private ProcedureRevision() { }

    public ProcedureRevision(int procedureId, int number, string what, string previousJson, string reason, string? userId, string userName, DateTimeOffset at)
    {
        ProcedureId = procedureId;
        Number = number;
        What = what;
        PreviousJson = previousJson;
        Reason = reason;
        ChangedByUserId = userId;
        ChangedByName = userName;
        ChangedAt = at;
    }

    public long Id { get; private set; }
    public int ProcedureId { get; private set; }
    public int Number { get; private set; }
    /// <summary>Which part changed, e.g. "Diary".</summary>
    public string What { get; private set; } = "";
    public string PreviousJson { get; private set; } = "{}";
    public string Reason { get; private set; } = "";
    public string? ChangedByUserId { get; private set; }
    public string ChangedByName { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }
}
