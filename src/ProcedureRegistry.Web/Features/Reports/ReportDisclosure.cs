using System.Globalization;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>A table of counts as the report shows it (row and column labels), with its suppression.</summary>
public sealed record CountTable(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<int>> Counts)
{
    public SuppressedTable Suppression { get; } = SmallCellSuppression.Table(Counts);
}

/// <summary>
/// What of an <see cref="OutcomeReport"/> may be shown: the one place where the small-cell rule
/// (<see cref="SmallCellSuppression"/>) is applied to the computed report. The PDF and the on-screen HTML (its Razor
/// view), the JSON and the CSV all print every figure through it, so the four cannot disagree on what is withheld.
/// A figure resting on fewer than 5 patients reads "&lt; 5", and so do the figures that would give it back by
/// subtraction; a cohort under 5 patients shows no figure at all.
/// <para>
/// Who sees what: every report is published suppressed, for every reader. Reports are requested by Analysts and
/// Admins and listed to every report user of their clinics, so a report built unsuppressed for an Admin would be one
/// download away from an Analyst, and the stored files outlive the request; the users with identified access
/// (Clinicians, Coordinators, Admins) see the patients themselves in the registry, where every read is audited,
/// and figures on fewer than 5 patients decide no verdict anyway (below 10 patients every verdict is "not enough
/// data"). One stored document per report, one rule, nothing to get wrong per viewer.
/// </para>
/// </summary>
public sealed class ReportDisclosure
{
    public const string WithheldReason =
        "No verdict is published: the figures behind it rest on fewer than 5 patients in a cell and are withheld.";

    private readonly HashSet<object> _hidden = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, SuppressedTable> _tables = new(ReferenceEqualityComparer.Instance);

    /// <summary>The whole cohort is under 5 patients: the report says so and shows no figure.</summary>
    public bool CohortWithheld { get; }

    /// <summary>Procedure targets per month (rows) and kind (columns), as the volume chart shows them.</summary>
    public CountTable VolumeByMonth { get; }

    /// <summary>Procedure targets per segment (rows) and kind (columns) over the period, as the volume table shows them.</summary>
    public CountTable VolumeBySegment { get; }

    /// <summary>Complications per kind: row 0 procedures with one, row 1 without; columns the kinds of the report.</summary>
    private readonly SuppressedTable _complications;

    private ReportDisclosure(OutcomeReport report)
    {
        var c4 = report.Criterion4;
        var q = report.Quality;
        CohortWithheld = SmallCellSuppression.CohortIsTooSmall(Math.Max(report.ScopePatients, report.LoggedPatients));

        foreach (var fp in c4.SingleBlockFalsePositiveRates)
        {
            HideProportion(fp.Rate);
        }
        foreach (var arm in new[] { c4.Radiofrequency, c4.Steroid })
        {
            var flow = arm.Flow;
            // The flow's counts add up (logged − exclusions = analysed): one small count hides them all but the logged.
            if (new[] { flow.Eligible, flow.FollowedUp, flow.Analysed, flow.AnalysedPatients }.Concat(flow.Exclusions.Select(e => e.Cases)).Any(SmallCellSuppression.IsSmall))
            {
                Hide(flow, arm.Primary.Verdict);
            }
            foreach (var t in arm.Thresholds)
            {
                var table = SmallCellSuppression.Table(t.Table);
                _tables[t] = table;
                if (table.Any)
                {
                    // Every figure of the threshold comes from its four cells.
                    Hide(t, t.PositivePredictiveValue, t.SuccessAfterNegative, t.SuccessDifference, t.Verdict);
                    if (t.Accuracy is { } a)
                    {
                        Hide(a);
                    }
                }
                // The treated shares count untreated blocks too; the verdict's reason quotes them.
                var shareHidden = HideProportion(t.Verification.TreatedAfterPositive) | HideProportion(t.Verification.TreatedAfterNegative);
                if (shareHidden)
                {
                    Hide(t.Verification.TreatedShareDifference, t.Verdict);
                }
            }
        }

        // Comparative pairs: thresholds (rows) by what the confirmatory block made of a first block that reached the
        // threshold (columns). Each row adds up to the false-positive rate's denominator, which is published, and its
        // first column is that rate's numerator: when the rate is withheld, so is the whole row; otherwise the three
        // "both reached" cells add up to a published difference, so one withheld hides all three (a withheld cell
        // complemented by a zero would be given back by subtraction).
        var pairs = report.Criterion4Breakdown.Pairs;
        _tables[pairs] = new SuppressedTable(
            [.. pairs.Select(p =>
            {
                var rowHidden = SmallCellSuppression.HidesProportion(p.ConfirmatoryNegative, p.FirstBlockReached);
                var bothHidden = rowHidden || new[] { p.Concordant, p.Discordant, p.NotRecorded }.Any(SmallCellSuppression.IsSmall);
                return (IReadOnlyList<bool>)[rowHidden, bothHidden, bothHidden, bothHidden];
            })],
            [.. pairs.Select(p => SmallCellSuppression.IsSmall(p.FirstBlockReached))],
            [.. Enumerable.Range(0, 4).Select(_ => true)],
            true);
        foreach (var arm in new[] { c4.Radiofrequency, c4.Steroid })
        {
            // The curves split the arm's analysed cases by block result, and their level near 3 months is close to
            // success after each result: withheld with the 2 × 2 table (or the flow) they would give back.
            var curves = report.Criterion4Breakdown.For(arm);
            var armHidden = Hidden(arm.Flow) || SmallCellSuppression.Table(arm.Primary.Table).Any;
            foreach (var curve in new[] { curves.Positive, curves.Negative })
            {
                if (armHidden || SmallCellSuppression.HidesProportion(curve.Events, curve.Total))
                {
                    Hide(curve);
                }
            }
        }

        var claims = report.Claims;
        HideTable(claims.Territory.Table, claims.Territory.Test, claims.Territory.Verdict);
        HideTable(claims.Imaging.Table, claims.Imaging.Kappa, claims.Imaging.Verdict);
        foreach (var claim in new[] { claims.BelowKnee, claims.Bilateral })
        {
            if (HideProportion(claim.Proportion))
            {
                Hide(claim.Verdict);
            }
        }

        foreach (var c in q.Completion)
        {
            HideProportion(c.Completion);
        }
        foreach (var p in q.Pain.Where(p => SmallCellSuppression.IsSmall(p.Pain.Count)))
        {
            Hide(p.Pain);
        }
        _complications = SmallCellSuppression.Table(
        [
            [.. q.ComplicationsByKind.Select(c => c.Rate.Events)],
            [.. q.ComplicationsByKind.Select(c => c.Rate.Procedures - c.Rate.Events)],
        ]);
        for (var k = 0; k < q.ComplicationsByKind.Count; k++)
        {
            if (_complications.Hidden(0, k) || _complications.Hidden(1, k))
            {
                Hide(q.ComplicationsByKind[k].Rate);
            }
        }
        if (q.ComplicationsByKind.Count > 0 && (_complications.RowTotals[0] || _complications.RowTotals[1]))
        {
            Hide(q.Complications);
        }

        // Operators: successes and failures per operator, the clinic's totals behind the funnel's mean.
        var operators = SmallCellSuppression.Table(
        [
            [.. q.Operators.Select(o => o.Successes ?? 0)],
            [.. q.Operators.Select(o => (o.Total ?? 0) - (o.Successes ?? 0))],
        ]);
        for (var k = 0; k < q.Operators.Count; k++)
        {
            if (q.Operators[k].Suppressed || operators.Hidden(0, k) || operators.Hidden(1, k))
            {
                Hide(q.Operators[k]);
            }
        }
        foreach (var d in q.Durability.Where(d => SmallCellSuppression.HidesProportion(d.Curve.Events, d.Curve.Total)))
        {
            Hide(d.Curve);
        }

        var kinds = q.Volume.Select(v => v.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        var months = q.Volume.Select(v => v.Month).Distinct().Order(StringComparer.Ordinal).ToList();
        var segments = q.Volume.Select(v => v.Segment).Distinct().OrderBy(SpinalSegment.Parse).ToList();
        CountTable Volume(IReadOnlyList<string> rows, Func<VolumeCount, string> row) => new(rows, kinds,
            [.. rows.Select(r => (IReadOnlyList<int>)[.. kinds.Select(k => q.Volume.Where(v => row(v) == r && v.Kind == k).Sum(v => v.Procedures))])]);
        VolumeByMonth = Volume(months, v => v.Month);
        VolumeBySegment = Volume(segments, v => v.Segment);
    }

    public static ReportDisclosure For(OutcomeReport report) => new(report);

    /// <summary>Whether a figure (an estimate, a row, a curve, a verdict's reason) is withheld.</summary>
    public bool Hidden(object figure) => CohortWithheld || _hidden.Contains(figure);

    /// <summary>Whether a count standing alone (cases, patients, procedures, a denominator) is withheld.</summary>
    public bool HiddenCount(int count) => CohortWithheld || SmallCellSuppression.IsSmall(count);

    /// <summary>A cell of a threshold's 2 × 2 table or of a claim's table.</summary>
    public bool HiddenCell(object table, int row, int column) =>
        CohortWithheld || (_tables.TryGetValue(table, out var t) && t.Hidden(row, column));

    /// <summary>A cell of a counted table (the volume).</summary>
    public bool HiddenCell(CountTable table, int row, int column) => CohortWithheld || table.Suppression.Hidden(row, column);

    /// <summary>A count as shown: the number, or "&lt; 5".</summary>
    public string Count(int count) => HiddenCount(count) ? SmallCellSuppression.Withheld : count.ToString(CultureInfo.InvariantCulture);

    /// <summary>A verdict's reason, or that its figures are withheld (the reasons quote the figures).</summary>
    public string Reason(ClaimVerdict verdict) => Hidden(verdict) ? WithheldReason : verdict.Reason;

    /// <summary>
    /// The verdict as published: a verdict whose figures are withheld reads "not enough data", because a report never
    /// states a verdict without the numbers behind it.
    /// </summary>
    public Verdict Shown(ClaimVerdict verdict) => Hidden(verdict) ? Verdict.NotEnoughData : verdict.Verdict;

    private void Hide(params object[] figures)
    {
        foreach (var figure in figures)
        {
            _hidden.Add(figure);
        }
    }

    private bool HideProportion(ProportionEstimate p)
    {
        var hidden = SmallCellSuppression.HidesProportion(p.Successes, p.Total);
        if (hidden)
        {
            Hide(p);
        }
        return hidden;
    }

    private void HideTable(IReadOnlyList<IReadOnlyList<int>> cells, object statistic, ClaimVerdict verdict)
    {
        var table = SmallCellSuppression.Table(cells);
        _tables[cells] = table;
        if (table.Any)
        {
            Hide(statistic, verdict); // with the other cells shown, the statistic would pin the hidden ones down
        }
    }
}
