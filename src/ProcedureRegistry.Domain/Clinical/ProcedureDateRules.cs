namespace ProcedureRegistry.Domain.Clinical;

/// <summary>When a procedure can have been performed: not in the future, not before the patient was born.</summary>
public static class ProcedureDateRules
{
    /// <summary>How far past the server's clock a procedure may be dated: a form states the time to the minute, and clocks differ.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    public const string InTheFuture = "Date and time of the procedure cannot be in the future.";
    public const string BeforeBirth = "Date of the procedure cannot be before the patient's date of birth.";

    public static bool IsInTheFuture(DateTimeOffset performedAt, DateTimeOffset now) => performedAt > now + ClockTolerance;

    /// <summary>Compares calendar dates: <paramref name="performedOn"/> is the date at the clinic, where the patient was.</summary>
    public static bool IsBeforeBirth(DateOnly performedOn, DateOnly dateOfBirth) => performedOn < dateOfBirth;

    /// <summary>Why the procedure cannot be dated so, or null when it can; the future is checked first.</summary>
    public static string? Check(DateTimeOffset performedAt, DateOnly performedOn, DateOnly dateOfBirth, DateTimeOffset now) =>
        IsInTheFuture(performedAt, now) ? InTheFuture
        : IsBeforeBirth(performedOn, dateOfBirth) ? BeforeBirth
        : null;
}
