using static System.FormattableString;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// The methods page of the outcome report, in words, built from the same settings and constants the analysis uses,
/// so the page cannot drift from the computation.
/// </summary>
public static class AnalysisMethods
{
    public static IReadOnlyList<string> Describe(
        Criterion4Options criterion4,
        TerritoryLevelRule? territory = null,
        LevelAgreementRule? imaging = null,
        BelowKneeRule? belowKnee = null,
        BilateralRule? bilateral = null)
    {
        var thresholds = string.Join(", ", criterion4.Thresholds.Select(t => t.ToString()));
        return
        [
            "Unit of analysis: a patient's diagnostic blocks at one segment and side, followed by RF denervation or a steroid injection at the same segment and side; the two therapies are reported separately. Intervals treat cases as independent; a patient counts once toward the minimum cohort.",
            $"Positive block: peak relief (the largest percent relief in the pain diary) at or above the threshold; figures at {thresholds}, verdict at {criterion4.PrimaryThreshold}. Exposure: {Exposure(criterion4.Exposure)}",
            Invariant($"Treatment success: at least {criterion4.SuccessReliefPercent}% relief from the pre-procedure score at the chosen follow-up point."),
            "Single-block false-positive rate: among first blocks at or above the threshold that had a confirmatory block, the share whose confirmatory block fell below it.",
            Invariant($"Proportions (PPV, NPV, sensitivity, specificity, rates): 95% Wilson score intervals (z = 1.959964; Newcombe 1998 method 3), with the exact Clopper–Pearson interval beside them for small numbers: fewer than {ExactIntervalRule.MinimumTotal} cases, or fewer than {ExactIntervalRule.MinimumOutcome} in either outcome."),
            "Success after positive minus after negative blocks: Newcombe's hybrid score interval (Newcombe 1998, method 10).",
            "Likelihood ratios and diagnostic odds ratio: log-method 95% intervals; 0.5 is added to every cell only when a cell is zero, and the table says so. Shown only where block-negative patients were also treated.",
            "Fisher's exact test: two-sided, summing the tables no more likely than the observed one.",
            "Chi-square: Pearson, no continuity correction; expected counts below 5 are flagged. Cramér's V with a 95% interval from the noncentral chi-square distribution (Smithson 2003): the noncentrality λ is found at which the observed χ² is the 97.5th and the 2.5th percentile (0 when none), and each limit is √(λ / (n (min(rows, columns) − 1))), at most 1 (as R's effectsize with a two-sided interval). The sample V is biased upwards, so with many cells and little association the interval can lie below it.",
            "Cohen's kappa: standard error of Fleiss, Cohen and Everitt (1969), 95% Wald interval.",
            "Durability: Kaplan–Meier from the therapeutic procedure to the first follow-up with less than 50% relief, censored at the last follow-up with relief; Greenwood standard errors, 95% log-log intervals; median = the first time the curve reaches 0.5 or below.",
            "Pain trajectories: median and interquartile range, quantiles by Hyndman & Fan definition 7.",
            "Funnel plot: 95% and 99.8% control limits around the clinic mean, normal approximation; operators with fewer than 5 patients are suppressed in tables.",
            "Partial verification: success is seen only in treated, followed-up cases, and block-negative cases are rarely treated, so sensitivity and specificity from the treated alone are biased. They are corrected as Begg and Greenes (Biometrics 1983) do, assuming treatment depends on the block result only: with p the share of positive blocks among all classifiable blocks (treated or not) and the PPV and NPV of the treated, sensitivity = p·PPV / (p·PPV + (1 − p)(1 − NPV)), specificity = (1 − p)·NPV / ((1 − p)·NPV + p·(1 − PPV)); 0.5 is added to every treated cell when one is zero. Intervals of the corrected figures: the delta method (p, PPV and NPV independent binomials; logit scale for sensitivity and specificity, log scale for the likelihood ratios), checked in the tests against a seeded parametric bootstrap. Uncorrected and corrected figures are shown side by side.",
            "Pre-test probability: success among all analysed treated cases. Post-test probabilities: the pre-test odds times LR+ (after a positive block) or LR− (after a negative block) of the same cases, that is the PPV and 1 − NPV; the verification correction leaves them unchanged.",
            $"Criterion-4 verdict: {criterion4.Rule.Describe()}",
            "Source-text claims count only the confirmed patients whose item is recorded: a patient without an assessment is left out of \"pain does not radiate below the knee\" (never counted as not below the knee), and patients without a painful territory or an imaging-suggested level are left out of those claims; each verdict says how many were left out and why.",
            (territory ?? new()).Describe(),
            (imaging ?? new()).Describe(),
            (belowKnee ?? new()).Describe(),
            (bilateral ?? new()).Describe(),
        ];
    }

    private static string Exposure(BlockExposure exposure) => exposure switch
    {
        BlockExposure.ComparativePair =>
            "comparative pair, positive when both blocks reach the threshold and relief lasts longer with the long-acting agent.",
        BlockExposure.PlaceboControlled =>
            "placebo-controlled, positive when the anaesthetic block reaches the threshold and the saline block does not.",
        _ => "single (first) block.",
    };
}
