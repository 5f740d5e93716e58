using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Clinical;

public sealed class ClinicalTextTests
{
    [Theory]
    [InlineData(15, "15 min")]
    [InlineData(60, "1 h")]
    [InlineData(90, "1 h 30 min")]
    [InlineData(1440, "24 h")]
    public void Times_read_as_a_clinician_writes_them(int minutes, string text) =>
        Assert.Equal(text, ClinicalText.Time(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData("80", "80%")]
    [InlineData("87.5", "87.5%")]
    [InlineData("-25.0", "-25%")]
    public void Percentages_show_one_decimal_at_most(string value, string text) =>
        Assert.Equal(text, ClinicalText.Percent(decimal.Parse(value)));

    [Theory]
    [InlineData(SkinSign.None, "no skin changes")]
    [InlineData(SkinSign.PinchRoll, "positive pinch-roll")]
    [InlineData(SkinSign.Thickening | SkinSign.HairLoss, "skin thickening and hair loss")]
    [InlineData(SkinSign.PinchRoll | SkinSign.Thickening | SkinSign.Nodularity | SkinSign.HairLoss | SkinSign.PuffySwelling,
        "positive pinch-roll, skin thickening, nodularity, hair loss and puffy swelling")]
    public void Skin_signs_read_as_a_list(SkinSign signs, string text) => Assert.Equal(text, ClinicalText.Describe(signs));

    [Fact]
    public void Enum_values_have_words()
    {
        Assert.Equal(["left", "right", "bilateral"], Enum.GetValues<Side>().Select(ClinicalText.Describe));
        Assert.Equal(
            ["anterior (groin / pubic)", "posterior (low back / upper gluteal)", "lateral (anterolateral thigh / trochanter)"],
            Enum.GetValues<Territory>().Select(ClinicalText.Describe));
        Assert.Equal(["no imaging", "radiograph", "MRI", "CT", "myelography"],
            Enum.GetValues<ImagingModality>().Select(ClinicalText.Describe));
        Assert.Equal("ropivacaine", ClinicalText.Describe(BlockAgent.Ropivacaine));
    }

    [Fact]
    public void Unknown_enum_values_are_rejected_not_guessed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClinicalText.Describe((Side)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClinicalText.Describe((Territory)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClinicalText.Describe((ImagingModality)9));
    }

    [Fact]
    public void Lists_join_with_and()
    {
        Assert.Equal("", ClinicalText.JoinAnd([]));
        Assert.Equal("a", ClinicalText.JoinAnd(["a"]));
        Assert.Equal("a and b", ClinicalText.JoinAnd(["a", "b"]));
        Assert.Equal("a, b and c", ClinicalText.JoinAnd(["a", "b", "c"]));
    }
}
