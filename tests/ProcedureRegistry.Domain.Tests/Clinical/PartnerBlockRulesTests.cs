using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Clinical;

public sealed class PartnerBlockRulesTests
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The block being logged: patient 7, at L4-L5 and L5-S1, on Monday; not saved yet (id 0).</summary>
    private static readonly ProcedureAtSegments Block = new(0, 7, true, false, Monday, ["L4-L5", "L5-S1"]);

    /// <summary>A partner that passes every rule: an earlier block of patient 7 at L4-L5.</summary>
    private static readonly ProcedureAtSegments Partner = new(41, 7, true, false, Monday.AddDays(-14), ["L4-L5"]);

    [Fact]
    public void An_earlier_block_of_the_same_patient_at_a_shared_segment_is_a_partner() =>
        Assert.Null(PartnerBlockRules.Check(Block, Partner));

    [Fact]
    public void One_shared_segment_is_enough() =>
        Assert.Null(PartnerBlockRules.Check(Block, Partner with { Segments = ["L3-L4", "L5-S1"] }));

    [Fact]
    public void A_partner_that_was_not_found_is_refused() =>
        Assert.Equal(PartnerBlockRules.NotABlockOfThePatient, PartnerBlockRules.Check(Block, null));

    [Fact]
    public void A_block_cannot_be_its_own_partner()
    {
        var logged = Block with { Id = 41 };
        Assert.Equal(PartnerBlockRules.NotABlockOfThePatient, PartnerBlockRules.Check(logged, Partner));
    }

    [Fact]
    public void A_block_of_another_patient_is_refused() =>
        Assert.Equal(PartnerBlockRules.NotABlockOfThePatient, PartnerBlockRules.Check(Block, Partner with { PatientId = 8 }));

    [Fact]
    public void A_procedure_other_than_a_diagnostic_block_is_refused() =>
        Assert.Equal(PartnerBlockRules.NotABlockOfThePatient, PartnerBlockRules.Check(Block, Partner with { IsDiagnosticBlock = false }));

    [Fact]
    public void A_voided_block_is_refused() =>
        Assert.Equal(PartnerBlockRules.NotABlockOfThePatient, PartnerBlockRules.Check(Block, Partner with { IsVoided = true }));

    [Fact]
    public void A_block_performed_at_the_same_time_is_refused() =>
        Assert.Equal(PartnerBlockRules.NotEarlier, PartnerBlockRules.Check(Block, Partner with { PerformedAt = Monday }));

    [Fact]
    public void A_later_block_is_refused() =>
        Assert.Equal(PartnerBlockRules.NotEarlier, PartnerBlockRules.Check(Block, Partner with { PerformedAt = Monday.AddMinutes(1) }));

    [Fact]
    public void A_block_sharing_no_segment_is_refused() =>
        Assert.Equal(PartnerBlockRules.NoSharedSegment, PartnerBlockRules.Check(Block, Partner with { Segments = ["L3-L4"] }));

    [Fact]
    public void Who_and_what_is_checked_before_when_and_where() =>
        Assert.Equal(PartnerBlockRules.NotABlockOfThePatient,
            PartnerBlockRules.Check(Block, Partner with { IsVoided = true, PerformedAt = Monday.AddDays(1), Segments = ["C5-C6"] }));

    [Fact]
    public void When_is_checked_before_where() =>
        Assert.Equal(PartnerBlockRules.NotEarlier,
            PartnerBlockRules.Check(Block, Partner with { PerformedAt = Monday.AddDays(1), Segments = ["C5-C6"] }));

    [Fact]
    public void The_messages_are_the_ones_the_form_shows()
    {
        Assert.Equal("Partner block must be a (not voided) diagnostic block of the same patient.", PartnerBlockRules.NotABlockOfThePatient);
        Assert.Equal("Partner block must have been performed before this one.", PartnerBlockRules.NotEarlier);
        Assert.Equal("Partner block must target at least one of the same segments.", PartnerBlockRules.NoSharedSegment);
    }
}
