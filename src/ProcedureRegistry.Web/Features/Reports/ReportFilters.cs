using FluentValidation;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>
/// What an outcome report covers: procedures performed from <see cref="From"/> to <see cref="To"/> (both inclusive,
/// UTC dates), in the given clinics (restricted to the requesting user's clinics; empty = all of them), by one
/// operator, at one segment, of one kind; and the analysis settings (primary relief threshold, block exposure).
/// Stored as JSON with each report, so a report always says what it was computed from.
/// </summary>
public sealed class ReportFilters
{
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public List<int> ClinicIds { get; set; } = [];
    public string? Operator { get; set; }
    public string? Segment { get; set; }
    public ProcedureKind? Kind { get; set; }
    public int ThresholdPercent { get; set; } = ReliefThreshold.DefaultPercent;
    public BlockExposure Exposure { get; set; } = BlockExposure.SingleBlock;

    /// <summary>
    /// E of the criterion-4 verdict: the positive likelihood ratio a positive block must reach (clinical-reference §8);
    /// 5 by default. Reports stored before it existed read 5.
    /// </summary>
    public double LikelihoodRatioThreshold { get; set; } = Criterion4VerdictRule.DefaultLikelihoodRatioThreshold;

    public const double MinLikelihoodRatioThreshold = 1, MaxLikelihoodRatioThreshold = 100;

    /// <summary>The segment in its canonical spelling ("t12/l1" → "T12-L1"), or null for all segments.</summary>
    public string? SegmentCode => SpinalSegment.TryParse(Segment, out var s) ? s.Code : null;

    public string? OperatorName => string.IsNullOrWhiteSpace(Operator) ? null : Operator.Trim();

    /// <summary>The filters in words, for the cover, the list and the CSV; never names a patient.</summary>
    public IReadOnlyList<(string Name, string Value)> Describe(IReadOnlyDictionary<int, string>? clinicCodes = null) =>
    [
        ("Period", $"{From?.ToString("yyyy-MM-dd") ?? "any date"} to {To?.ToString("yyyy-MM-dd") ?? "any date"}"),
        ("Clinics", ClinicIds.Count == 0 ? "all of the requester's clinics"
            : string.Join(", ", ClinicIds.Select(id => clinicCodes?.GetValueOrDefault(id) ?? $"#{id}"))),
        ("Operator", OperatorName ?? "all"),
        ("Segment", SegmentCode ?? "all"),
        ("Procedure kind", Kind?.ToString() ?? "all"),
        ("Primary relief threshold", $"{ThresholdPercent}%"),
        ("Block exposure", Criterion4Analysis.Describe(Exposure)),
        ("LR+ threshold of the verdict (E)", LikelihoodRatioThreshold.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)),
    ];
}

public sealed class ReportFiltersValidator : AbstractValidator<ReportFilters>
{
    public const string EndBeforeStart = "End date must be on or after the start date.";

    public ReportFiltersValidator()
    {
        RuleFor(f => f.To)
            .Must((f, to) => f.From is null || to is null || to >= f.From)
            .WithName("End date").WithMessage(EndBeforeStart);
        RuleFor(f => f.Segment)
            .Must(s => string.IsNullOrWhiteSpace(s) || SpinalSegment.TryParse(s, out _))
            .WithName("Segment")
            .WithMessage(f => $"Segment '{f.Segment}' is not a facet joint segment: expected two adjacent vertebrae from C2-C3 to L5-S1, such as T12-L1.");
        RuleFor(f => f.ThresholdPercent)
            .Must(ReliefThreshold.IsValid)
            .WithName("Relief threshold")
            .WithMessage($"Relief threshold must be a whole percent from {ReliefThreshold.MinPercent} to {ReliefThreshold.MaxPercent}.");
        RuleFor(f => f.LikelihoodRatioThreshold)
            .Must(e => double.IsFinite(e) && e >= ReportFilters.MinLikelihoodRatioThreshold && e <= ReportFilters.MaxLikelihoodRatioThreshold)
            .WithName("LR+ threshold")
            .WithMessage($"LR+ threshold must be a number from {ReportFilters.MinLikelihoodRatioThreshold} to {ReportFilters.MaxLikelihoodRatioThreshold}.");
        RuleFor(f => f.Operator).MaximumLength(256).WithName("Operator").WithMessage("Operator must be at most 256 characters.");
        RuleFor(f => f.Kind).IsInEnum().WithName("Procedure kind").WithMessage("Procedure kind must be a diagnostic block, steroid injection or RF denervation.");
        RuleFor(f => f.Exposure).IsInEnum().WithName("Block exposure").WithMessage("Block exposure must be single block, comparative pair or placebo-controlled.");
        RuleFor(f => f.ClinicIds).Must(ids => ids.Count <= 100).WithName("Clinics").WithMessage("Choose at most 100 clinics.");
    }
}
