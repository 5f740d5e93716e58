namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// Treatment success is read at the answered follow-up nearest 3 months after the therapy: the one nearest
/// <see cref="TargetDays"/> days, between <see cref="MinDays"/> and <see cref="MaxDays"/> days, the earlier of two
/// equally near. The database applies the same rule when it keeps <c>procedure_facts</c>
/// (db/functions/refresh_procedure_facts.sql takes these constants when the migration applies it).
/// </summary>
public static class ThreeMonthReading
{
    public const int TargetDays = 91, MinDays = 60, MaxDays = 120;

    /// <summary>The follow-up day the reading is taken at, of the days after the therapy that were answered; null when none is in the window.</summary>
    public static int? Choose(IEnumerable<int> answeredDaysAfter)
    {
        ArgumentNullException.ThrowIfNull(answeredDaysAfter);
        int? chosen = null;
        foreach (var days in answeredDaysAfter)
        {
            if (days is < MinDays or > MaxDays)
            {
                continue;
            }
            if (chosen is not { } best || Math.Abs(days - TargetDays) < Math.Abs(best - TargetDays)
                || (Math.Abs(days - TargetDays) == Math.Abs(best - TargetDays) && days < best))
            {
                chosen = days;
            }
        }
        return chosen;
    }
}
