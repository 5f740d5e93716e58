using System.Globalization;
using FluentValidation;
using ProcedureRegistry.Domain.FollowUps;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>
/// The four questions of a follow-up as a form posts them: a coordinator's phone form and the patient's page share
/// it. The fields are text, so that anything a browser may send ("5.5", "", "eleven") is answered by the validator
/// with one clear message per field instead of a model-binding error.
/// </summary>
public class FollowUpAnswerForm
{
    /// <summary>Pain now, 0–10 (whole number).</summary>
    public string? Pain { get; set; }
    /// <summary>Relief since the procedure, 0–100 % (whole number; a trailing % is accepted).</summary>
    public string? ReliefPercent { get; set; }
    /// <summary>Patient Global Impression of Change, 1–7 (see <see cref="FollowUpAnswer.PgicScale"/>).</summary>
    public string? Pgic { get; set; }
    /// <summary>Any other pain treatment started since the procedure: "yes"/"no" (also "true"/"false").</summary>
    public string? OtherTreatment { get; set; }

    /// <summary>The answer, once <see cref="FollowUpAnswerValidator"/> has passed (throws otherwise).</summary>
    public FollowUpAnswer ToAnswer() => TryGetAnswer(out var answer)
        ? answer
        : throw new InvalidOperationException("The follow-up answer form was not validated.");

    public bool TryGetAnswer(out FollowUpAnswer answer)
    {
        answer = null!;
        if (ParseWhole(Pain) is not { } pain || ParseWhole(ReliefPercent, percentSign: true) is not { } relief
            || ParseWhole(Pgic) is not { } pgic || ParseYesNo(OtherTreatment) is not { } other)
        {
            return false;
        }
        if (pain is < FollowUpAnswer.PainMin or > FollowUpAnswer.PainMax || relief is < FollowUpAnswer.ReliefMin or > FollowUpAnswer.ReliefMax
            || pgic is < FollowUpAnswer.PgicMin or > FollowUpAnswer.PgicMax)
        {
            return false;
        }
        answer = new FollowUpAnswer(pain, relief, pgic, other);
        return true;
    }

    /// <summary>Fills the form from a recorded answer (e.g. to show it again).</summary>
    public void Fill(FollowUpAnswer answer)
    {
        Pain = answer.Pain.ToString(CultureInfo.InvariantCulture);
        ReliefPercent = answer.ReliefPercent.ToString(CultureInfo.InvariantCulture);
        Pgic = answer.Pgic.ToString(CultureInfo.InvariantCulture);
        OtherTreatment = answer.OtherTreatment ? "yes" : "no";
    }

    internal static int? ParseWhole(string? text, bool percentSign = false)
    {
        var value = text?.Trim();
        if (percentSign && value is not null && value.EndsWith('%'))
        {
            value = value[..^1].TrimEnd();
        }
        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    internal static bool? ParseYesNo(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "yes" or "true" => true,
        "no" or "false" => false,
        _ => null,
    };
}

/// <summary>
/// The rules of the four questions, written once for the phone form and the patient page. Messages name the
/// question as the page labels it. Reuse it with <c>Include(new FollowUpAnswerValidator())</c> in the validator
/// of a command that derives from <see cref="FollowUpAnswerForm"/>, or run it on the form directly.
/// </summary>
public sealed class FollowUpAnswerValidator : AbstractValidator<FollowUpAnswerForm>
{
    public const string PainRequired = "Pain now is required.";
    public const string PainRange = "Pain now must be a whole number from 0 to 10.";
    public const string ReliefRequired = "Relief is required.";
    public const string ReliefRange = "Relief must be from 0 to 100 %.";
    public const string PgicRequired = "Global impression of change is required.";
    public const string PgicRange = "Global impression of change must be from 1 to 7.";
    public const string OtherTreatmentRequired = "Other pain treatment is required.";
    public const string OtherTreatmentYesNo = "Other pain treatment: answer yes or no.";

    public FollowUpAnswerValidator()
    {
        RuleFor(f => f.Pain).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(PainRequired)
            .Must(v => FollowUpAnswerForm.ParseWhole(v) is >= FollowUpAnswer.PainMin and <= FollowUpAnswer.PainMax).WithMessage(PainRange);
        RuleFor(f => f.ReliefPercent).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(ReliefRequired)
            .Must(v => FollowUpAnswerForm.ParseWhole(v, percentSign: true) is >= FollowUpAnswer.ReliefMin and <= FollowUpAnswer.ReliefMax).WithMessage(ReliefRange);
        RuleFor(f => f.Pgic).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(PgicRequired)
            .Must(v => FollowUpAnswerForm.ParseWhole(v) is >= FollowUpAnswer.PgicMin and <= FollowUpAnswer.PgicMax).WithMessage(PgicRange);
        RuleFor(f => f.OtherTreatment).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(OtherTreatmentRequired)
            .Must(v => FollowUpAnswerForm.ParseYesNo(v) is not null).WithMessage(OtherTreatmentYesNo);
    }
}
