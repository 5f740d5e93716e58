namespace ProcedureRegistry.Domain.Patients;

public enum Sex
{
    Female,
    Male,
    Other,
    Unknown,
}

/// <summary>How a patient wants follow-up reminders; None until they consent.</summary>
public enum ReminderChannel
{
    None,
    Email,
    Sms,
}

/// <summary>
/// A patient of one clinic. Identified in the clinic by the medical record number (MRN). Contact details serve
/// follow-up reminders only, and only with recorded consent.
/// </summary>
public sealed class Patient
{
    public const int MrnMaxLength = 32;
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 256;
    public const int PhoneMaxLength = 32;

    private Patient() { }

    public Patient(int clinicId, PatientDetails details, DateTimeOffset now)
    {
        ClinicId = clinicId;
        CreatedAt = now;
        Apply(details, now);
    }

    public int Id { get; private set; }
    public int ClinicId { get; private set; }
    public string Mrn { get; private set; } = "";
    public string FamilyName { get; private set; } = "";
    public string GivenName { get; private set; } = "";
    public DateOnly DateOfBirth { get; private set; }
    public Sex Sex { get; private set; }
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public bool ReminderConsent { get; private set; }
    public DateTimeOffset? ConsentRecordedAt { get; private set; }
    public ReminderChannel PreferredChannel { get; private set; }
    /// <summary>IANA time zone of the patient: reminders respect their quiet hours there.</summary>
    public string TimeZone { get; private set; } = "UTC";
    /// <summary>Recorded date of death; follow-ups and reminders stop.</summary>
    public DateOnly? DiedOn { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    // Accent- and case-folded copies for prefix search (see SearchKey); kept by Apply, never edited directly.
    public string MrnKey { get; private set; } = "";
    public string FamilyNameKey { get; private set; } = "";
    public string GivenNameKey { get; private set; } = "";

    public PatientDetails Details => new(Mrn, FamilyName, GivenName, DateOfBirth, Sex, Email, Phone, ReminderConsent, PreferredChannel, TimeZone, DiedOn);

    /// <summary>Replaces the editable details. Consent's timestamp moves only when consent is given anew.</summary>
    public void Apply(PatientDetails details, DateTimeOffset now)
    {
        if (details.ReminderConsent && !ReminderConsent)
        {
            ConsentRecordedAt = now;
        }
        else if (!details.ReminderConsent)
        {
            ConsentRecordedAt = null;
        }
        Mrn = details.Mrn.Trim();
        FamilyName = details.FamilyName.Trim();
        GivenName = details.GivenName.Trim();
        DateOfBirth = details.DateOfBirth;
        Sex = details.Sex;
        Email = Blank(details.Email);
        Phone = Blank(details.Phone);
        ReminderConsent = details.ReminderConsent;
        PreferredChannel = details.ReminderConsent ? details.PreferredChannel : ReminderChannel.None;
        TimeZone = details.TimeZone;
        DiedOn = details.DiedOn;
        MrnKey = SearchKey.Normalize(Mrn);
        FamilyNameKey = SearchKey.Normalize(FamilyName);
        GivenNameKey = SearchKey.Normalize(GivenName);
        UpdatedAt = now;
    }

    public string DisplayName => $"{FamilyName.ToUpperInvariant()}, {GivenName}";

    public int AgeOn(DateOnly day)
    {
        var age = day.Year - DateOfBirth.Year;
        return DateOfBirth.AddYears(age) > day ? age - 1 : age;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The editable details of a patient, as a form or an import row gives them.</summary>
public sealed record PatientDetails(
    string Mrn,
    string FamilyName,
    string GivenName,
    DateOnly DateOfBirth,
    Sex Sex,
    string? Email,
    string? Phone,
    bool ReminderConsent,
    ReminderChannel PreferredChannel,
    string TimeZone,
    DateOnly? DiedOn = null);
