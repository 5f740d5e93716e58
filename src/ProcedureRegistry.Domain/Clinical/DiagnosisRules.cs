namespace ProcedureRegistry.Domain.Clinical;

public enum DiagnosisStatus { NotMet, Suspected, Confirmed, Refuted }

public enum CriterionState { Met, NotMet, NotApplicable, Pending }

/// <summary>One of the four criteria of clinical-reference §1, with a sentence the clinician reads on the page.</summary>
public sealed record CriterionResult(int Number, string Name, CriterionState State, string Explanation);

/// <summary>A diagnostic block logged for the patient, reduced to what the diagnosis needs.</summary>
public sealed record BlockAtSegment(SegmentSide Target, BlockClassification Classification);

public sealed record DiagnosisEvaluation(
    DiagnosisStatus Status,
    IReadOnlyList<CriterionResult> Criteria,
    IReadOnlyList<string> Flags,
    IReadOnlyList<SpinalSegment> ConfirmedSegments,
    string Summary);

/// <summary>The diagnosis status of an assessment (clinical-reference §1).</summary>
public static class DiagnosisRules
{
    public const string RadiatesBelowKneeFlag =
        "Pain radiates below the knee: more typical of anterior-ramus involvement.";

    public static DiagnosisEvaluation Evaluate(AssessmentFindings findings, IReadOnlyList<BlockAtSegment> blocks)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(blocks);

        var referredPain = ReferredPain(findings);
        var level = SpinalLevel(findings);
        var criteria = new[] { referredPain, level, Imaging(findings), BlockRelief(blocks) };

        var flags = new List<string>();
        if (findings.RadiatesBelowKnee)
        {
            flags.Add(RadiatesBelowKneeFlag);
        }
        if (findings.ImagingSuggestedSegment is { } suggested)
        {
            flags.Add($"Imaging suggests {suggested.Code}; imaging is recorded but not used to localise the level.");
        }

        // The clinical criteria come first: the block is the fourth criterion, not a substitute for the first two,
        // so a positive block without them leaves the status "not met" (clinical-reference §1).
        var positive = blocks.Where(b => b.Classification == BlockClassification.Positive).ToList();
        var unmet = new List<string>();
        if (referredPain.State != CriterionState.Met)
        {
            unmet.Add("1 (referred pain)");
        }
        if (level.State != CriterionState.Met)
        {
            unmet.Add("2 (the spinal level)");
        }
        if (unmet.Count > 0)
        {
            var which = (unmet.Count == 1 ? "criterion " : "criteria ") + ClinicalText.JoinAnd(unmet);
            var verb = unmet.Count == 1 ? "is" : "are";
            if (positive.Count > 0)
            {
                flags.Add($"A positive block was logged, but {which} {verb} not met: a block alone does not make the diagnosis.");
            }
            return new(DiagnosisStatus.NotMet, criteria, flags, [],
                $"Not met: {which} {verb} not met, so the syndrome is not diagnosed whatever the blocks show.");
        }

        if (positive.Count > 0)
        {
            var segments = positive.Select(b => b.Target.Segment).Distinct().Order().ToList();
            return new(DiagnosisStatus.Confirmed, criteria, flags, segments,
                $"Confirmed: criteria 1 and 2 are met, with a positive block at {Targets(positive)}.");
        }

        var suspected = findings.SuspectedSegments;
        var allSuspectedBlockedNegative = suspected.Count > 0 && suspected.All(s =>
        {
            var atSegment = blocks.Where(b => b.Target.Overlaps(s)).ToList();
            return atSegment.Count > 0 && atSegment.All(b => b.Classification == BlockClassification.Negative);
        });
        if (allSuspectedBlockedNegative)
        {
            var segments = ClinicalText.JoinAnd([.. suspected.Select(s => s.ToString())]);
            return new(DiagnosisStatus.Refuted, criteria, flags, [],
                $"Refuted: criteria 1 and 2 are met, but the blocks at every suspected segment ({segments}) were negative.");
        }

        return new(DiagnosisStatus.Suspected, criteria, flags, [],
            suspected.Count == 0
                ? "Suspected: criteria 1 and 2 are met; no positive block yet and no suspected segment recorded."
                : "Suspected: criteria 1 and 2 are met; no positive block yet, and not every suspected segment has a negative block.");
    }

    private static CriterionResult ReferredPain(AssessmentFindings findings)
    {
        const string name = "Referred pain in a posterior-ramus territory";
        if (findings.Territories.Count == 0)
        {
            return new(1, name, CriterionState.NotMet,
                "No referred pain recorded in the anterior, posterior or lateral territory.");
        }

        var painful = ClinicalText.JoinAnd(findings.Territories
            .Select(t => $"{ClinicalText.Describe(t.Territory)} {OnSide(t.Side)}"
                + (t.SkinSigns == SkinSign.None ? "" : $" with {ClinicalText.Describe(t.SkinSigns)}"))
            .ToList());
        var strengthened = findings.Territories.Any(t => t.SkinSigns != SkinSign.None)
            ? "The trophic skin changes strengthen the criterion."
            : "No trophic skin changes recorded; they would strengthen the criterion.";
        return new(1, name, CriterionState.Met, $"Referred pain in the {painful}. {strengthened}");
    }

    private static CriterionResult SpinalLevel(AssessmentFindings findings)
    {
        const string name = "No spontaneous pain at the level; tender on palpation or veiled";
        if (findings.SpontaneousPainAtLevel)
        {
            return new(2, name, CriterionState.NotMet,
                "Spontaneous pain at the spinal level was recorded; in this syndrome the level is usually not spontaneously painful.");
        }
        if (findings.TenderSegments.Count > 0)
        {
            return new(2, name, CriterionState.Met,
                $"No spontaneous pain at the level; palpation was tender at {ClinicalText.JoinAnd([.. findings.TenderSegments.Select(t => t.ToString())])}.");
        }
        if (findings.LevelVeiled)
        {
            return new(2, name, CriterionState.Met,
                "No spontaneous pain at the level, and no tender level was found: the level is veiled, which the criterion allows.");
        }
        return new(2, name, CriterionState.NotMet,
            "No spontaneous pain at the level, but neither a tender segment nor a veiled level was recorded.");
    }

    private static CriterionResult Imaging(AssessmentFindings findings)
    {
        const string name = "Imaging non-contributory";
        const string why = "Imaging is recorded for the reports and never used to localise the level.";
        if (findings.Imaging == ImagingModality.None)
        {
            return new(3, name, CriterionState.NotApplicable, $"No imaging recorded. {why}");
        }

        var modality = ClinicalText.Describe(findings.Imaging);
        var what = string.IsNullOrWhiteSpace(findings.ImagingFindings) ? "no findings entered" : findings.ImagingFindings.Trim();
        var level = findings.ImagingSuggestedSegment is { } s ? $"it suggests {s.Code}" : "it suggests no level";
        return new(3, name, CriterionState.NotApplicable,
            $"{char.ToUpperInvariant(modality[0])}{modality[1..]}: {what}; {level}. {why}");
    }

    private static CriterionResult BlockRelief(IReadOnlyList<BlockAtSegment> blocks)
    {
        const string name = "Relief from a diagnostic block";
        var positive = blocks.Where(b => b.Classification == BlockClassification.Positive).ToList();
        if (positive.Count > 0)
        {
            return new(4, name, CriterionState.Met, $"Positive block at {Targets(positive)}.");
        }
        if (blocks.Count == 0)
        {
            return new(4, name, CriterionState.Pending, "No diagnostic block logged yet.");
        }
        var indeterminate = blocks.Where(b => b.Classification == BlockClassification.Indeterminate).ToList();
        if (indeterminate.Count > 0)
        {
            return new(4, name, CriterionState.Pending,
                $"Indeterminate block at {Targets(indeterminate)} and no positive block yet; a repeat block may decide.");
        }
        return new(4, name, CriterionState.NotMet, $"Negative block at {Targets(blocks)}.");
    }

    private static string Targets(IEnumerable<BlockAtSegment> blocks) =>
        ClinicalText.JoinAnd(blocks.Select(b => b.Target.ToString()).Distinct().ToList());

    private static string OnSide(Side side) => side == Side.Bilateral ? "on both sides" : $"on the {ClinicalText.Describe(side)}";
}
