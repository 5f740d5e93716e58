using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Clinical;

public sealed class DiagnosisRulesTests
{
    private static SegmentSide At(string code, Side side = Side.Left) => new(SpinalSegment.Parse(code), side);

    private static BlockAtSegment Block(string code, BlockClassification classification, Side side = Side.Left) =>
        new(At(code, side), classification);

    // Criteria 1 and 2 met: posterior territory painful, T12-L1 tender on the left and suspected.
    private static readonly AssessmentFindings Typical = new()
    {
        Territories = [new(Territory.Posterior, Side.Left, SkinSign.PinchRoll | SkinSign.Thickening)],
        TenderSegments = [At("T12-L1")],
        SuspectedSegments = [At("T12-L1")],
    };

    private static CriterionResult Criterion(DiagnosisEvaluation evaluation, int number) =>
        Assert.Single(evaluation.Criteria, c => c.Number == number);

    [Fact]
    public void There_is_one_result_per_criterion_and_imaging_never_counts()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical, []);

        Assert.Equal([1, 2, 3, 4], evaluation.Criteria.Select(c => c.Number));
        Assert.All(evaluation.Criteria, c => Assert.False(string.IsNullOrWhiteSpace(c.Name)));
        Assert.Equal(CriterionState.NotApplicable, Criterion(evaluation, 3).State);
    }

    [Fact]
    public void No_painful_territory_means_not_met()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical with { Territories = [] }, []);

        Assert.Equal(DiagnosisStatus.NotMet, evaluation.Status);
        Assert.Equal(CriterionState.NotMet, Criterion(evaluation, 1).State);
        Assert.Equal("No referred pain recorded in the anterior, posterior or lateral territory.", Criterion(evaluation, 1).Explanation);
        Assert.StartsWith("Not met: criterion 1 (referred pain) is not met", evaluation.Summary);
        Assert.Empty(evaluation.ConfirmedSegments);
    }

    [Fact]
    public void Spontaneous_pain_at_the_level_means_not_met()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical with { SpontaneousPainAtLevel = true }, []);

        Assert.Equal(DiagnosisStatus.NotMet, evaluation.Status);
        Assert.Equal(CriterionState.NotMet, Criterion(evaluation, 2).State);
        Assert.StartsWith("Spontaneous pain at the spinal level was recorded", Criterion(evaluation, 2).Explanation);
        Assert.StartsWith("Not met: criterion 2 (the spinal level) is not met", evaluation.Summary);
    }

    [Fact]
    public void Neither_a_tender_segment_nor_a_veiled_level_means_not_met()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical with { TenderSegments = [] }, []);

        Assert.Equal(DiagnosisStatus.NotMet, evaluation.Status);
        Assert.Equal(CriterionState.NotMet, Criterion(evaluation, 2).State);
        Assert.Contains("neither a tender segment nor a veiled level", Criterion(evaluation, 2).Explanation);
    }

    [Fact]
    public void Both_clinical_criteria_unmet_are_both_named() =>
        Assert.StartsWith("Not met: criteria 1 (referred pain) and 2 (the spinal level) are not met",
            DiagnosisRules.Evaluate(new AssessmentFindings { SpontaneousPainAtLevel = true }, []).Summary);

    [Fact]
    public void A_positive_block_does_not_make_the_diagnosis_without_the_clinical_criteria()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical with { Territories = [] }, [Block("T12-L1", BlockClassification.Positive)]);

        Assert.Equal(DiagnosisStatus.NotMet, evaluation.Status);
        Assert.Equal(CriterionState.Met, Criterion(evaluation, 4).State);
        Assert.Empty(evaluation.ConfirmedSegments);
        Assert.Contains("A positive block was logged, but criterion 1 (referred pain) is not met: a block alone does not make the diagnosis.",
            evaluation.Flags);
    }

    [Fact]
    public void A_veiled_level_meets_criterion_2()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical with { TenderSegments = [], LevelVeiled = true }, []);

        Assert.Equal(DiagnosisStatus.Suspected, evaluation.Status);
        Assert.Equal(CriterionState.Met, Criterion(evaluation, 2).State);
        Assert.Contains("the level is veiled", Criterion(evaluation, 2).Explanation);
    }

    [Fact]
    public void A_tender_segment_is_named_in_criterion_2() =>
        Assert.Equal("No spontaneous pain at the level; palpation was tender at T12-L1 left and L1-L2 bilateral.",
            Criterion(DiagnosisRules.Evaluate(Typical with { TenderSegments = [At("T12-L1"), At("L1-L2", Side.Bilateral)] }, []), 2)
                .Explanation);

    [Fact]
    public void Criterion_1_says_skin_signs_strengthen_it()
    {
        var withSigns = Criterion(DiagnosisRules.Evaluate(Typical, []), 1);
        var without = Criterion(DiagnosisRules.Evaluate(Typical with
        {
            Territories = [new(Territory.Anterior, Side.Right), new(Territory.Lateral, Side.Bilateral)],
        }, []), 1);

        Assert.Equal(CriterionState.Met, withSigns.State);
        Assert.Equal(
            "Referred pain in the posterior (low back / upper gluteal) on the left with positive pinch-roll and skin thickening. "
            + "The trophic skin changes strengthen the criterion.",
            withSigns.Explanation);
        Assert.Equal(CriterionState.Met, without.State);
        Assert.Equal(
            "Referred pain in the anterior (groin / pubic) on the right and lateral (anterolateral thigh / trochanter) on both sides. "
            + "No trophic skin changes recorded; they would strengthen the criterion.",
            without.Explanation);
    }

    [Fact]
    public void With_the_clinical_criteria_and_no_block_the_diagnosis_is_suspected()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical, []);

        Assert.Equal(DiagnosisStatus.Suspected, evaluation.Status);
        Assert.Equal(CriterionState.Pending, Criterion(evaluation, 4).State);
        Assert.Equal("No diagnostic block logged yet.", Criterion(evaluation, 4).Explanation);
        Assert.Empty(evaluation.Flags);
    }

    [Fact]
    public void A_positive_block_confirms_and_names_its_segments()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical,
        [
            Block("L1-L2", BlockClassification.Positive),
            Block("T12-L1", BlockClassification.Negative),
            Block("T12-L1", BlockClassification.Positive, Side.Bilateral),
            Block("T12-L1", BlockClassification.Positive),
        ]);

        Assert.Equal(DiagnosisStatus.Confirmed, evaluation.Status);
        Assert.Equal(["T12-L1", "L1-L2"], evaluation.ConfirmedSegments.Select(s => s.Code));
        Assert.Equal(CriterionState.Met, Criterion(evaluation, 4).State);
        Assert.Equal("Positive block at L1-L2 left, T12-L1 bilateral and T12-L1 left.", Criterion(evaluation, 4).Explanation);
        Assert.StartsWith("Confirmed:", evaluation.Summary);
    }

    [Fact]
    public void Negative_blocks_at_every_suspected_segment_refute()
    {
        var findings = Typical with { SuspectedSegments = [At("T12-L1"), At("L1-L2")] };

        var evaluation = DiagnosisRules.Evaluate(findings,
            [Block("T12-L1", BlockClassification.Negative), Block("L1-L2", BlockClassification.Negative)]);

        Assert.Equal(DiagnosisStatus.Refuted, evaluation.Status);
        Assert.Equal(CriterionState.NotMet, Criterion(evaluation, 4).State);
        Assert.Equal("Negative block at T12-L1 left and L1-L2 left.", Criterion(evaluation, 4).Explanation);
        Assert.Equal("Refuted: criteria 1 and 2 are met, but the blocks at every suspected segment (T12-L1 left and L1-L2 left) were negative.",
            evaluation.Summary);
        Assert.Empty(evaluation.ConfirmedSegments);
    }

    [Fact]
    public void A_suspected_segment_without_a_block_keeps_the_diagnosis_suspected()
    {
        var findings = Typical with { SuspectedSegments = [At("T12-L1"), At("L1-L2")] };

        var evaluation = DiagnosisRules.Evaluate(findings, [Block("T12-L1", BlockClassification.Negative)]);

        Assert.Equal(DiagnosisStatus.Suspected, evaluation.Status);
        Assert.Contains("not every suspected segment has a negative block", evaluation.Summary);
    }

    [Fact]
    public void An_indeterminate_block_keeps_the_diagnosis_suspected()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical,
            [Block("T12-L1", BlockClassification.Negative), Block("T12-L1", BlockClassification.Indeterminate)]);

        Assert.Equal(DiagnosisStatus.Suspected, evaluation.Status);
        Assert.Equal(CriterionState.Pending, Criterion(evaluation, 4).State);
        Assert.StartsWith("Indeterminate block at T12-L1 left", Criterion(evaluation, 4).Explanation);
    }

    [Fact]
    public void A_negative_block_at_an_unsuspected_segment_does_not_refute()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical, [Block("L2-L3", BlockClassification.Negative)]);

        Assert.Equal(DiagnosisStatus.Suspected, evaluation.Status);
        Assert.Equal(CriterionState.NotMet, Criterion(evaluation, 4).State);
    }

    [Fact]
    public void Negative_blocks_with_no_suspected_segment_recorded_cannot_refute()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical with { SuspectedSegments = [] }, [Block("T12-L1", BlockClassification.Negative)]);

        Assert.Equal(DiagnosisStatus.Suspected, evaluation.Status);
        Assert.Contains("no suspected segment recorded", evaluation.Summary);
    }

    [Theory]
    [InlineData(Side.Left, Side.Left, DiagnosisStatus.Refuted)]
    [InlineData(Side.Left, Side.Bilateral, DiagnosisStatus.Refuted)] // a bilateral block covers the left side
    [InlineData(Side.Bilateral, Side.Left, DiagnosisStatus.Refuted)] // bilateral overlaps left
    [InlineData(Side.Left, Side.Right, DiagnosisStatus.Suspected)] // the wrong side was blocked
    public void A_block_matches_a_suspected_segment_when_the_sides_overlap(Side suspected, Side blocked, DiagnosisStatus expected) =>
        Assert.Equal(expected, DiagnosisRules.Evaluate(Typical with { SuspectedSegments = [At("T12-L1", suspected)] },
            [Block("T12-L1", BlockClassification.Negative, blocked)]).Status);

    [Fact]
    public void Radiation_below_the_knee_is_flagged_without_changing_the_status()
    {
        var evaluation = DiagnosisRules.Evaluate(Typical with { RadiatesBelowKnee = true }, []);

        Assert.Equal(DiagnosisStatus.Suspected, evaluation.Status);
        Assert.Equal(["Pain radiates below the knee: more typical of anterior-ramus involvement."], evaluation.Flags);
    }

    [Fact]
    public void An_imaging_level_is_flagged_as_not_used_to_localise()
    {
        var findings = Typical with
        {
            Imaging = ImagingModality.Mri,
            ImagingFindings = " L4-L5 disc bulge ",
            ImagingSuggestedSegment = SpinalSegment.Parse("L4-L5"),
        };

        var evaluation = DiagnosisRules.Evaluate(findings, [Block("T12-L1", BlockClassification.Positive)]);

        Assert.Equal(DiagnosisStatus.Confirmed, evaluation.Status);
        Assert.Equal(["T12-L1"], evaluation.ConfirmedSegments.Select(s => s.Code));
        Assert.Equal(["Imaging suggests L4-L5; imaging is recorded but not used to localise the level."], evaluation.Flags);
        Assert.Equal(CriterionState.NotApplicable, Criterion(evaluation, 3).State);
        Assert.Equal("MRI: L4-L5 disc bulge; it suggests L4-L5. Imaging is recorded for the reports and never used to localise the level.",
            Criterion(evaluation, 3).Explanation);
    }

    [Theory]
    [InlineData(ImagingModality.None, null, "No imaging recorded. Imaging is recorded")]
    [InlineData(ImagingModality.Ct, null, "CT: no findings entered; it suggests no level. Imaging is recorded")]
    [InlineData(ImagingModality.Radiograph, "  ", "Radiograph: no findings entered; it suggests no level.")]
    [InlineData(ImagingModality.Myelography, "normal", "Myelography: normal; it suggests no level.")]
    public void Criterion_3_records_what_imaging_showed(ImagingModality imaging, string? findings, string start)
    {
        var criterion = Criterion(DiagnosisRules.Evaluate(Typical with { Imaging = imaging, ImagingFindings = findings }, []), 3);

        Assert.Equal(CriterionState.NotApplicable, criterion.State);
        Assert.StartsWith(start, criterion.Explanation);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => DiagnosisRules.Evaluate(null!, []));
        Assert.Throws<ArgumentNullException>(() => DiagnosisRules.Evaluate(Typical, null!));
    }
}
