namespace ProcedureRegistry.Domain.FollowUps;

/// <summary>
/// The hours of the patient's local day when no reminder may go out (default 20:00 to 08:00). A window that
/// wraps midnight (start after end) is the usual case; start equal to end means no quiet hours.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public static readonly QuietHours Default = new(new TimeOnly(20, 0), new TimeOnly(8, 0));

    public bool Contains(TimeOnly local) =>
        Start == End ? false
        : Start < End ? local >= Start && local < End
        : local >= Start || local < End;

    /// <summary>
    /// The first instant at or after <paramref name="at"/> that is outside the quiet hours of <paramref name="zone"/>:
    /// <paramref name="at"/> itself when it is allowed, else the end of the quiet hours in local time (moved past a
    /// daylight-saving gap when that local time does not exist).
    /// </summary>
    public DateTimeOffset NextAllowed(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!Contains(time))
        {
            return at;
        }
        var day = DateOnly.FromDateTime(local.DateTime);
        if (time >= End)
        {
            day = day.AddDays(1);
        }
        var end = day.ToDateTime(End);
        while (zone.IsInvalidTime(end))
        {
            end = end.AddMinutes(30);
        }
        return new DateTimeOffset(end, zone.GetUtcOffset(end)).ToUniversalTime();
    }
}
