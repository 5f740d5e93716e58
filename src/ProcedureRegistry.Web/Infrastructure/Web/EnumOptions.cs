using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>Select options for an enum, valued by name (readable in posts and logs) and labelled in words.</summary>
public static partial class EnumOptions
{
    public static IEnumerable<SelectListItem> For<TEnum>() where TEnum : struct, Enum =>
        Enum.GetNames<TEnum>().Select(name => new SelectListItem(Words(name), name));

    /// <summary>"FirstOfComparativePair" becomes "First of comparative pair"; "Mri" stays "Mri" unless overridden below.</summary>
    public static string Words(string name) => name switch
    {
        "Mri" => "MRI",
        "Ct" => "CT",
        "Sms" => "SMS",
        "RfDenervation" => "RF denervation",
        _ => SplitWords().Replace(name, " $1").ToLowerInvariant() is var s && s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..] : s,
    };

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex SplitWords();
}
