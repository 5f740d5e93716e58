using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Clinical;

public sealed class ProcedureLimitsTests
{
    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Pain_is_0_to_10(int pain, bool valid) => Assert.Equal(valid, ProcedureLimits.IsValidPain(pain));

    [Theory]
    [InlineData("39.9", false)]
    [InlineData("40", true)]
    [InlineData("95", true)]
    [InlineData("95.1", false)]
    public void Rf_temperature_is_40_to_95_C(string celsius, bool valid) =>
        Assert.Equal(valid, ProcedureLimits.IsValidRfTemperature(decimal.Parse(celsius)));

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void Rf_lesion_lasts_10_to_300_s(int seconds, bool valid) =>
        Assert.Equal(valid, ProcedureLimits.IsValidRfLesionSeconds(seconds));

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Lesions_per_nerve_are_1_to_10(int lesions, bool valid) =>
        Assert.Equal(valid, ProcedureLimits.IsValidLesionsPerNerve(lesions));

    [Theory]
    [InlineData(15, false)]
    [InlineData(16, true)]
    [InlineData(22, true)]
    [InlineData(23, false)]
    public void Electrode_gauge_is_16_to_22(int gauge, bool valid) =>
        Assert.Equal(valid, ProcedureLimits.IsValidElectrodeGauge(gauge));

    [Theory]
    [InlineData("1.9", false)]
    [InlineData("2", true)]
    [InlineData("5.5", true)]
    [InlineData("20", true)]
    [InlineData("20.1", false)]
    public void Active_tip_is_2_to_20_mm(string mm, bool valid) =>
        Assert.Equal(valid, ProcedureLimits.IsValidActiveTip(decimal.Parse(mm)));

    [Theory]
    [InlineData("0", false)]
    [InlineData("0.1", true)]
    [InlineData("5.0", true)]
    [InlineData("5.01", false)]
    public void Block_volume_is_above_0_and_at_most_5_mL(string ml, bool valid) =>
        Assert.Equal(valid, ProcedureLimits.IsValidBlockVolume(decimal.Parse(ml)));

    [Theory]
    [InlineData("0", false)]
    [InlineData("0.5", true)]
    [InlineData("200", true)]
    [InlineData("200.5", false)]
    public void Steroid_dose_is_above_0_and_at_most_200_mg(string mg, bool valid) =>
        Assert.Equal(valid, ProcedureLimits.IsValidSteroidDose(decimal.Parse(mg)));

    [Theory]
    [InlineData("0", false)]
    [InlineData("0.25", true)]
    [InlineData("10", true)]
    [InlineData("10.5", false)]
    public void Agent_concentration_is_above_0_and_at_most_10_percent(string percent, bool valid) =>
        Assert.Equal(valid, ProcedureLimits.IsValidAgentConcentration(decimal.Parse(percent)));

    [Theory]
    [InlineData(BlockTechnique.MedialBranch, "0.5", false)]
    [InlineData(BlockTechnique.MedialBranch, "1.0", false)]
    [InlineData(BlockTechnique.MedialBranch, "1.1", true)]
    [InlineData(BlockTechnique.IntraArticular, "1.0", false)]
    [InlineData(BlockTechnique.IntraArticular, "1.5", false)]
    [InlineData(BlockTechnique.IntraArticular, "1.6", true)]
    [InlineData(BlockTechnique.IntraArticular, "6", false)] // beyond the hard limit: the validator speaks, not the warning
    [InlineData(BlockTechnique.MedialBranch, "0", false)]
    public void Volume_warns_above_1_mL_for_a_medial_branch_and_1_5_mL_intra_articular(
        BlockTechnique technique, string ml, bool warns) =>
        Assert.Equal(warns, ProcedureLimits.VolumeWarnings(technique, decimal.Parse(ml)).Count == 1);

    [Fact]
    public void Volume_warnings_say_why()
    {
        Assert.Contains("ruptures the joint capsule", Assert.Single(ProcedureLimits.VolumeWarnings(BlockTechnique.IntraArticular, 2m)));
        Assert.StartsWith("1.2 mL per target", Assert.Single(ProcedureLimits.VolumeWarnings(BlockTechnique.MedialBranch, 1.2m)));
    }

    [Theory]
    [InlineData(Steroid.Triamcinolone, "9", true)]
    [InlineData(Steroid.Triamcinolone, "10", false)]
    [InlineData(Steroid.Triamcinolone, "80", false)]
    [InlineData(Steroid.Triamcinolone, "81", true)]
    [InlineData(Steroid.Methylprednisolone, "40", false)]
    [InlineData(Steroid.Methylprednisolone, "120", true)]
    [InlineData(Steroid.Dexamethasone, "1.5", true)]
    [InlineData(Steroid.Dexamethasone, "2", false)]
    [InlineData(Steroid.Dexamethasone, "15", false)]
    [InlineData(Steroid.Dexamethasone, "16", true)]
    [InlineData(Steroid.Betamethasone, "2.5", true)]
    [InlineData(Steroid.Betamethasone, "3", false)]
    [InlineData(Steroid.Betamethasone, "12", false)]
    [InlineData(Steroid.Betamethasone, "13", true)]
    [InlineData(Steroid.Triamcinolone, "250", false)] // beyond the hard limit
    [InlineData(Steroid.Dexamethasone, "0", false)] // not above 0
    public void Steroid_dose_warns_outside_the_usual_range_for_that_steroid(Steroid steroid, string mg, bool warns) =>
        Assert.Equal(warns, ProcedureLimits.SteroidDoseWarnings(steroid, decimal.Parse(mg)).Count == 1);

    [Fact]
    public void Steroid_warning_names_the_steroid_and_its_range() =>
        Assert.Equal("Dexamethasone 20 mg is outside the usual 2–15 mg.",
            Assert.Single(ProcedureLimits.SteroidDoseWarnings(Steroid.Dexamethasone, 20m)));

    [Theory]
    [InlineData(RfMode.ConventionalThermal, "80", 60, 0)]
    [InlineData(RfMode.ConventionalThermal, "90", 90, 0)]
    [InlineData(RfMode.ConventionalThermal, "79", 90, 1)]
    [InlineData(RfMode.ConventionalThermal, "91", 60, 1)]
    [InlineData(RfMode.ConventionalThermal, "85", 59, 1)]
    [InlineData(RfMode.ConventionalThermal, "85", 91, 1)]
    [InlineData(RfMode.ConventionalThermal, "70", 120, 2)]
    [InlineData(RfMode.ConventionalThermal, "96", 400, 0)] // both beyond the hard limits
    [InlineData(RfMode.Pulsed, "42", 120, 0)] // pulsed lesions run for minutes: no duration warning
    [InlineData(RfMode.Pulsed, "50", 120, 1)]
    [InlineData(RfMode.Cooled, "60", 150, 0)]
    [InlineData(RfMode.Cooled, "54", 150, 1)]
    [InlineData(RfMode.Cooled, "66", 150, 1)]
    public void Rf_warns_outside_the_usual_temperature_for_the_mode_and_the_usual_conventional_duration(
        RfMode mode, string celsius, int seconds, int warnings) =>
        Assert.Equal(warnings, ProcedureLimits.RfWarnings(mode, decimal.Parse(celsius), seconds).Count);

    [Fact]
    public void Rf_warnings_say_what_is_usual() =>
        Assert.Equal(
            ["Conventional thermal RF at 70 °C is outside the usual 80–90 °C.",
             "A 120 s lesion is outside the usual 60–90 s for conventional thermal RF."],
            ProcedureLimits.RfWarnings(RfMode.ConventionalThermal, 70m, 120));

    [Fact]
    public void Pulsed_and_cooled_warnings_name_the_mode()
    {
        Assert.StartsWith("Pulsed RF at 50 °C", Assert.Single(ProcedureLimits.RfWarnings(RfMode.Pulsed, 50m, 120)));
        Assert.StartsWith("Cooled RF at 70 °C", Assert.Single(ProcedureLimits.RfWarnings(RfMode.Cooled, 70m, 150)));
    }

    [Fact]
    public void Unknown_enum_values_are_rejected_not_guessed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcedureLimits.TypicalSteroidDoseMg((Steroid)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcedureLimits.TypicalRfTemperatureC((RfMode)99));
        Assert.Empty(ProcedureLimits.VolumeWarnings((BlockTechnique)99, 2m)); // warnings never throw
    }
}
