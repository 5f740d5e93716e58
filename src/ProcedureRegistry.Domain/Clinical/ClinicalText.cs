using System.Globalization;

namespace ProcedureRegistry.Domain.Clinical;

/// <summary>The words the rules use in their explanations, shared so the pages can say the same thing.</summary>
public static class ClinicalText
{
    public static string Describe(Side side) => side switch
    {
        Side.Left => "left",
        Side.Right => "right",
        Side.Bilateral => "bilateral",
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, null),
    };

    public static string Describe(Territory territory) => territory switch
    {
        Territory.Anterior => "anterior (groin / pubic)",
        Territory.Posterior => "posterior (low back / upper gluteal)",
        Territory.Lateral => "lateral (anterolateral thigh / trochanter)",
        _ => throw new ArgumentOutOfRangeException(nameof(territory), territory, null),
    };

    public static string Describe(SkinSign signs)
    {
        var words = new List<string>();
        if (signs.HasFlag(SkinSign.PinchRoll)) { words.Add("positive pinch-roll"); }
        if (signs.HasFlag(SkinSign.Thickening)) { words.Add("skin thickening"); }
        if (signs.HasFlag(SkinSign.Nodularity)) { words.Add("nodularity"); }
        if (signs.HasFlag(SkinSign.HairLoss)) { words.Add("hair loss"); }
        if (signs.HasFlag(SkinSign.PuffySwelling)) { words.Add("puffy swelling"); }
        return words.Count == 0 ? "no skin changes" : JoinAnd(words);
    }

    public static string Describe(ImagingModality imaging) => imaging switch
    {
        ImagingModality.None => "no imaging",
        ImagingModality.Radiograph => "radiograph",
        ImagingModality.Mri => "MRI",
        ImagingModality.Ct => "CT",
        ImagingModality.Myelography => "myelography",
        _ => throw new ArgumentOutOfRangeException(nameof(imaging), imaging, null),
    };

    public static string Describe(BlockAgent agent) => agent.ToString().ToLowerInvariant();

    /// <summary>A diary time as a clinician writes it: "15 min", "2 h", "1 h 30 min".</summary>
    public static string Time(TimeSpan after)
    {
        var hours = (int)after.TotalHours;
        if (hours == 0)
        {
            return $"{after.Minutes} min";
        }
        return after.Minutes == 0 ? $"{hours} h" : $"{hours} h {after.Minutes} min";
    }

    /// <summary>"80%", "87.5%": one decimal at most, invariant culture so reports read the same everywhere.</summary>
    public static string Percent(decimal percent) => percent.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string JoinAnd(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };
}
