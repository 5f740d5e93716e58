using System.Globalization;
using System.Text;

namespace ProcedureRegistry.Domain.Patients;

/// <summary>
/// Folds text for case- and accent-insensitive prefix search: "Hélène Dupré-Müller" becomes "helene dupre-muller".
/// Stored beside the original so an index serves the search with no database extension.
/// </summary>
public static class SearchKey
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c switch
                {
                    'ß' => "ss",
                    'æ' or 'Æ' => "ae",
                    'œ' or 'Œ' => "oe",
                    'ø' or 'Ø' => "o",
                    'ł' or 'Ł' => "l",
                    _ => char.ToLowerInvariant(c).ToString(),
                });
            }
        }
        // Collapse runs of white space so "  Le   Gall " and "Le Gall" match.
        return string.Join(' ', builder.ToString().Normalize(NormalizationForm.FormC)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
