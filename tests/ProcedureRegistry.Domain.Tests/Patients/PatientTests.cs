using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Domain.Tests.Patients;

public sealed class PatientTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static PatientDetails Details(bool consent = true, ReminderChannel channel = ReminderChannel.Email) =>
        new(" MRN-1 ", " Dupré ", "Hélène", new DateOnly(1961, 4, 23), Sex.Female, "h@example.org", " ", consent, channel, "Europe/Paris");

    [Theory]
    [InlineData("Hélène", "helene")]
    [InlineData("DUPRÉ-MÜLLER", "dupre-muller")]
    [InlineData("  Le   Gall ", "le gall")]
    [InlineData("Straße", "strasse")]
    [InlineData("Łukasz Øster", "lukasz oster")]
    [InlineData("Œuvre", "oeuvre")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Search_keys_fold_case_accents_and_spaces(string? text, string key) => Assert.Equal(key, SearchKey.Normalize(text));

    [Fact]
    public void A_new_patient_trims_details_keeps_search_keys_and_dates_consent()
    {
        var patient = new Patient(1, Details(), Monday);

        Assert.Equal(("MRN-1", "Dupré", "dupre", "mrn-1"), (patient.Mrn, patient.FamilyName, patient.FamilyNameKey, patient.MrnKey));
        Assert.Null(patient.Phone);
        Assert.Equal(Monday, patient.ConsentRecordedAt);
        Assert.Equal("DUPRÉ, Hélène", patient.DisplayName);
    }

    [Fact]
    public void Consent_keeps_its_date_while_kept_and_is_cleared_with_the_channel_when_withdrawn()
    {
        var patient = new Patient(1, Details(), Monday);

        patient.Apply(Details() with { Phone = "+33 6 00 00 00 00" }, Monday.AddDays(3));
        Assert.Equal(Monday, patient.ConsentRecordedAt);

        patient.Apply(Details(consent: false, channel: ReminderChannel.Email), Monday.AddDays(5));
        Assert.Null(patient.ConsentRecordedAt);
        Assert.Equal(ReminderChannel.None, patient.PreferredChannel);

        patient.Apply(Details(), Monday.AddDays(9));
        Assert.Equal(Monday.AddDays(9), patient.ConsentRecordedAt);
    }

    [Theory]
    [InlineData(2026, 4, 22, 64)]
    [InlineData(2026, 4, 23, 65)]
    [InlineData(2026, 4, 24, 65)]
    public void Age_turns_on_the_birthday(int y, int m, int d, int age) =>
        Assert.Equal(age, new Patient(1, Details(), Monday).AgeOn(new DateOnly(y, m, d)));
}
