using FluentValidation;
using ProcedureRegistry.Domain.FollowUps;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>The editable fields of a protocol point, with the ranges of the database's CHECK constraints.</summary>
public class ProtocolPointForm
{
    public string? Label { get; set; }
    /// <summary>Days from the procedure to the due date.</summary>
    public int? DaysAfter { get; set; }
    public int? WindowDaysBefore { get; set; }
    public int? WindowDaysAfter { get; set; }
}

public sealed class ProtocolPointFormValidator : AbstractValidator<ProtocolPointForm>
{
    public ProtocolPointFormValidator()
    {
        RuleFor(p => p.Label).Cascade(CascadeMode.Stop)
            .Must(l => !string.IsNullOrWhiteSpace(l)).WithMessage("Label is required (e.g. \"3 months\").")
            .Must(l => l!.Trim().Length <= FollowUpProtocolPoint.LabelMaxLength)
            .WithMessage($"Label must be at most {FollowUpProtocolPoint.LabelMaxLength} characters.");
        RuleFor(p => p.DaysAfter).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Days after the procedure is required.")
            .InclusiveBetween(1, FollowUpProtocolPoint.MaxDaysAfter)
            .WithMessage($"Days after the procedure must be from 1 to {FollowUpProtocolPoint.MaxDaysAfter}.");
        RuleFor(p => p.WindowDaysBefore).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Window before the due date is required.")
            .InclusiveBetween(0, FollowUpProtocolPoint.MaxWindowDays)
            .WithMessage($"Window before the due date must be from 0 to {FollowUpProtocolPoint.MaxWindowDays} days.");
        RuleFor(p => p.WindowDaysAfter).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Window after the due date is required.")
            .InclusiveBetween(1, FollowUpProtocolPoint.MaxWindowDays)
            .WithMessage($"Window after the due date must be from 1 to {FollowUpProtocolPoint.MaxWindowDays} days.");
    }
}
