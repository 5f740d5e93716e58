namespace ProcedureRegistry.Domain.Patients;

/// <summary>
/// The details a patient had before an edit, with who changed them, when and why. Edits never lose data:
/// the current row plus its revisions give every past version.
/// </summary>
public sealed class PatientRevision
{
    private PatientRevision() { }

    public PatientRevision(int patientId, int number, string previousDetailsJson, string reason, string? userId, string userName, DateTimeOffset at)
    {
        PatientId = patientId;
        Number = number;
        PreviousDetailsJson = previousDetailsJson;
        Reason = reason;
        ChangedByUserId = userId;
        ChangedByName = userName;
        ChangedAt = at;
    }

    public long Id { get; private set; }
    public int PatientId { get; private set; }
    /// <summary>1 for the first edit, 2 for the next...</summary>
    public int Number { get; private set; }
    public string PreviousDetailsJson { get; private set; } = "{}";
    public string Reason { get; private set; } = "";
    public string? ChangedByUserId { get; private set; }
    public string ChangedByName { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }
}
