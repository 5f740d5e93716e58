using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Domain.FollowUps;

public enum FollowUpStatus
{
    /// <summary>Waiting for its window, or open and not yet answered.</summary>
    Scheduled,
    Answered,
    /// <summary>The window closed without an answer.</summary>
    Missed,
    /// <summary>The procedure was voided, the patient withdrew consent or died, or a coordinator cancelled it.</summary>
    Cancelled,
}

/// <summary>Who gave the answer: the patient through the reminder link, or a coordinator on the phone.</summary>
public enum AnswerSource
{
    Patient,
    Phone,
}

/// <summary>The four questions of a follow-up (clinical reference §5).</summary>
public sealed record FollowUpAnswer(int Pain, int ReliefPercent, int Pgic, bool OtherTreatment)
{
    public const int PainMin = 0, PainMax = 10, ReliefMin = 0, ReliefMax = 100, PgicMin = 1, PgicMax = 7;

    /// <summary>Patient Global Impression of Change, 1 to 7, as the patient reads it.</summary>
    public static readonly IReadOnlyList<(int Value, string Text)> PgicScale =
    [
        (7, "Very much improved"),
        (6, "Much improved"),
        (5, "Minimally improved"),
        (4, "No change"),
        (3, "Minimally worse"),
        (2, "Much worse"),
        (1, "Very much worse"),
    ];
}

/// <summary>
/// One follow-up point of one procedure: due on a date, answerable inside a window around it. The database row is
/// the truth about what is due; reminders are driven from it.
/// </summary>
public sealed class FollowUp
{
    private FollowUp() { }

    /// <summary>Plans a protocol point for a procedure (its date already set).</summary>
    public FollowUp(Procedure procedure, FollowUpProtocolPoint point)
    {
        Procedure = procedure;
        ClinicId = procedure.ClinicId;
        PatientId = procedure.PatientId;
        ProtocolPointId = point.Id;
        Label = point.Label;
        DaysAfter = point.DaysAfter;
        WindowDaysBefore = point.WindowDaysBefore;
        WindowDaysAfter = point.WindowDaysAfter;
        Status = FollowUpStatus.Scheduled;
        PlaceAfter(procedure.PerformedAt);
    }

    public long Id { get; private set; }
    public int ClinicId { get; private set; }
    public int PatientId { get; private set; }
    public int ProcedureId { get; private set; }
    public Procedure? Procedure { get; private set; }
    public int? ProtocolPointId { get; private set; }
    public string Label { get; private set; } = "";
    public int DaysAfter { get; private set; }
    public int WindowDaysBefore { get; private set; }
    public int WindowDaysAfter { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public DateTimeOffset OpensAt { get; private set; }
    public DateTimeOffset ClosesAt { get; private set; }
    public FollowUpStatus Status { get; private set; }
    public string? CancelReason { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public AnswerSource? AnsweredVia { get; private set; }
    public string? AnsweredByName { get; private set; }
    public int? Pain { get; private set; }
    public int? ReliefPercent { get; private set; }
    public int? Pgic { get; private set; }
    public bool? OtherTreatment { get; private set; }
    public uint Version { get; private set; }

    public bool IsOpenAt(DateTimeOffset now) => Status == FollowUpStatus.Scheduled && OpensAt <= now && now < ClosesAt;

    /// <summary>
    /// Due date = procedure + days; the window opens the given days before (but never before the day after the
    /// procedure) and closes the given days after.
    /// </summary>
    public void PlaceAfter(DateTimeOffset performedAt)
    {
        DueAt = performedAt.AddDays(DaysAfter);
        var opens = DueAt.AddDays(-WindowDaysBefore);
        OpensAt = opens < performedAt.AddDays(1) ? performedAt.AddDays(1) : opens;
        ClosesAt = DueAt.AddDays(WindowDaysAfter);
        if (ClosesAt <= OpensAt)
        {
            ClosesAt = OpensAt.AddDays(1);
        }
    }

    /// <summary>Moves a follow-up that is still waiting when the procedure's date is corrected; answered ones stay.</summary>
    public bool Reschedule(DateTimeOffset performedAt)
    {
        if (Status != FollowUpStatus.Scheduled)
        {
            return false;
        }
        PlaceAfter(performedAt);
        return true;
    }

    /// <summary>The window closed without an answer (the every-minute job does the same for many rows in SQL).</summary>
    public bool MarkMissed(DateTimeOffset now)
    {
        if (Status != FollowUpStatus.Scheduled || now < ClosesAt)
        {
            return false;
        }
        Status = FollowUpStatus.Missed;
        return true;
    }

    public bool Cancel(string reason)
    {
        if (Status != FollowUpStatus.Scheduled)
        {
            return false;
        }
        Status = FollowUpStatus.Cancelled;
        CancelReason = reason;
        return true;
    }

    /// <summary>Records the answer; a patient can answer only while the window is open, a coordinator also after it.</summary>
    public string? Answer(FollowUpAnswer answer, AnswerSource via, string? byName, DateTimeOffset now)
    {
        if (Status == FollowUpStatus.Answered)
        {
            return "This follow-up has already been answered.";
        }
        if (Status == FollowUpStatus.Cancelled)
        {
            return "This follow-up was cancelled.";
        }
        if (now < OpensAt)
        {
            return "This follow-up is not open yet.";
        }
        if (via == AnswerSource.Patient && !IsOpenAt(now))
        {
            return "This follow-up's answer window has closed.";
        }
        Status = FollowUpStatus.Answered;
        AnsweredAt = now;
        AnsweredVia = via;
        AnsweredByName = byName;
        Pain = answer.Pain;
        ReliefPercent = answer.ReliefPercent;
        Pgic = answer.Pgic;
        OtherTreatment = answer.OtherTreatment;
        return null;
    }
}
