using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Domain.FollowUps;

/// <summary>
/// One point of a procedure kind's follow-up protocol: "RF denervation, 3 months, window ± 14 days". Admins edit
/// the protocol; a change applies to procedures logged afterwards (a logged procedure keeps the points it got).
/// </summary>
public sealed class FollowUpProtocolPoint
{
    public const int LabelMaxLength = 40;
    public const int MaxDaysAfter = 3 * 365;
    public const int MaxWindowDays = 90;

    private FollowUpProtocolPoint() { }

    public FollowUpProtocolPoint(ProcedureKind kind, string label, int daysAfter, int windowDaysBefore, int windowDaysAfter)
    {
        Kind = kind;
        Active = true;
        Change(label, daysAfter, windowDaysBefore, windowDaysAfter);
    }

    public int Id { get; private set; }
    public ProcedureKind Kind { get; private set; }
    public string Label { get; private set; } = "";
    /// <summary>Days from the procedure to the follow-up's due date.</summary>
    public int DaysAfter { get; private set; }
    public int WindowDaysBefore { get; private set; }
    public int WindowDaysAfter { get; private set; }
    public bool Active { get; private set; }
    public uint Version { get; private set; }

    public void Change(string label, int daysAfter, int windowDaysBefore, int windowDaysAfter)
    {
        Label = label.Trim();
        DaysAfter = daysAfter;
        WindowDaysBefore = windowDaysBefore;
        WindowDaysAfter = windowDaysAfter;
    }

    public void Deactivate() => Active = false;

    public void Activate() => Active = true;

    /// <summary>
    /// The defaults of the clinical reference (§5): diagnostic block, 1 week (the diary itself is entered on the
    /// block); steroid injection, 2 weeks, 6 weeks, 3 months; RF denervation, 1, 3, 6 and 12 months. Window ± 7 days
    /// up to 6 weeks, ± 14 days at 3 months and beyond.
    /// </summary>
    public static IReadOnlyList<FollowUpProtocolPoint> Defaults() =>
    [
        new(ProcedureKind.DiagnosticBlock, "1 week", 7, 7, 7),
        new(ProcedureKind.SteroidInjection, "2 weeks", 14, 7, 7),
        new(ProcedureKind.SteroidInjection, "6 weeks", 42, 7, 7),
        new(ProcedureKind.SteroidInjection, "3 months", 91, 14, 14),
        new(ProcedureKind.RfDenervation, "1 month", 30, 7, 7),
        new(ProcedureKind.RfDenervation, "3 months", 91, 14, 14),
        new(ProcedureKind.RfDenervation, "6 months", 182, 14, 14),
        new(ProcedureKind.RfDenervation, "12 months", 365, 14, 14),
    ];
}
