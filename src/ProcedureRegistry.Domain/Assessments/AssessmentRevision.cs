namespace ProcedureRegistry.Domain.Assessments;

/// <summary>An assessment as it was before a correction (as JSON), with who changed it, when and why.</summary>
public sealed class AssessmentRevision
{
    private AssessmentRevision() { }

    public AssessmentRevision(int assessmentId, int number, string previousJson, string reason, string? userId, string userName, DateTimeOffset at)
    {
        AssessmentId = assessmentId;
        Number = number;
        PreviousJson = previousJson;
        Reason = reason;
        ChangedByUserId = userId;
        ChangedByName = userName;
        ChangedAt = at;
    }

    public long Id { get; private set; }
    public int AssessmentId { get; private set; }
    public int Number { get; private set; }
    public string PreviousJson { get; private set; } = "{}";
    public string Reason { get; private set; } = "";
    public string? ChangedByUserId { get; private set; }
    public string ChangedByName { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }
}
