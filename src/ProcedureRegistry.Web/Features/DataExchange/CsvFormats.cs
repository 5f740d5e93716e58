using System.Globalization;

namespace ProcedureRegistry.Web.Features.DataExchange;

/// <summary>The three file formats of import and export: fixed column names (any order on import), documented on /data and in docs/import-formats.md.</summary>
public static class CsvFormats
{
    public const string PatientsFile = "patients.csv";
    public const string ProceduresFile = "procedures.csv";
    public const string PainScoresFile = "pain_scores.csv";

    public static readonly IReadOnlyList<string> PatientColumns =
    [
        "mrn", "family_name", "given_name", "date_of_birth", "sex", "email", "phone", "reminder_consent", "preferred_channel", "time_zone",
    ];

    public static readonly IReadOnlyList<string> ProcedureColumns =
    [
        "external_id", "mrn", "kind", "performed_at", "operator", "guidance", "consent_recorded", "complication", "pre_pain", "targets",
        "technique", "agent", "concentration_percent", "volume_ml_per_target", "sequence", "partner_external_id",
        "steroid", "steroid_dose_mg",
        "rf_mode", "temperature_c", "lesion_seconds", "lesions_per_nerve", "electrode_gauge", "active_tip_mm", "sensory_tested", "motor_tested",
        "tenderness_abolished", "complication_other", "notes",
    ];

    public static readonly IReadOnlyList<string> PainScoreColumns = ["procedure_external_id", "minutes_after", "pain"];

    public const string DateFormat = "yyyy-MM-dd";
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:sszzz";

    public static readonly string[] AcceptedDateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    public static string Number(decimal? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
    public static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
    public static string Bool(bool? value) => value switch { true => "true", false => "false", null => "" };
}

/// <summary>
/// One data row read by column name, collecting every problem of the row (column and rule) instead of stopping at
/// the first. Parsers return null for an empty cell; a malformed cell adds an error and also returns null.
/// </summary>
public sealed class CsvRow(IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> fields)
{
    public List<(string Column, string Message)> Errors { get; } = [];

    public string? Text(string column)
    {
        var value = CsvFormulaGuard.Restore(fields[columns[column]]).Trim();
        return value.Length == 0 ? null : value;
    }

    public bool Has(string column) => Text(column) is not null;

    public void Error(string column, string message) => Errors.Add((column, message));

    public int? Int(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Error(column, $"'{text}' is not a whole number.");
        return null;
    }

    public decimal? Decimal(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Error(column, $"'{text}' is not a number (use a dot for decimals, e.g. 0.5).");
        return null;
    }

    public bool? Bool(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }
        if (bool.TryParse(text, out var value))
        {
            return value;
        }
        Error(column, $"'{text}' must be true or false.");
        return null;
    }

    public DateOnly? Date(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, CsvFormats.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }
        Error(column, $"'{text}' is not a date in the form yyyy-MM-dd.");
        return null;
    }

    public DateTimeOffset? DateTime(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(text, CsvFormats.AcceptedDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }
        Error(column, $"'{text}' is not an ISO 8601 date and time with its offset (e.g. 2024-03-05T09:30:00+01:00).");
        return null;
    }

    public TEnum? Enum<TEnum>(string column) where TEnum : struct, Enum
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }
        // Names only: Enum.TryParse would also take "7", a number no form offers.
        if (!char.IsDigit(text[0]) && text[0] != '-' && System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value))
        {
            return value;
        }
        Error(column, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
        return null;
    }

    /// <summary>A column that does not apply to this row's kind must stay empty.</summary>
    public void MustBeEmpty(string column, string why)
    {
        if (Has(column))
        {
            Error(column, $"must be empty {why}.");
        }
    }
}
