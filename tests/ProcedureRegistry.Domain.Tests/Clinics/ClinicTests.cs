using ProcedureRegistry.Domain.Clinics;

namespace ProcedureRegistry.Domain.Tests.Clinics;

public sealed class ClinicTests
{
    [Theory]
    [InlineData("DEMO", true)]
    [InlineData("NORTH-1", true)]
    [InlineData("AB", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRST", true)]
    [InlineData("A", false)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU", false)]
    [InlineData("demo", false)]
    [InlineData("NORTH 1", false)]
    [InlineData("NORD-É", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Codes_are_2_to_20_upper_case_letters_digits_or_dashes(string? code, bool valid) =>
        Assert.Equal(valid, Clinic.IsValidCode(code));

    [Fact]
    public void A_new_clinic_keeps_what_it_was_given_and_can_be_renamed()
    {
        var clinic = new Clinic("DEMO", "Demo Pain Clinic", "Europe/Paris");
        clinic.Rename("Renamed");

        Assert.Equal(("DEMO", "Renamed", "Europe/Paris"), (clinic.Code, clinic.Name, clinic.TimeZone));
    }
}
