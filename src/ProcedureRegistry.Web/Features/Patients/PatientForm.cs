using FluentValidation;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Patients;

/// <summary>The patient fields shared by the register and edit forms, with their rules (the database checks the same).</summary>
public class PatientForm
{
    public string? Mrn { get; set; }
    public string? FamilyName { get; set; }
    public string? GivenName { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public Sex? Sex { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public bool ReminderConsent { get; set; }
    public ReminderChannel PreferredChannel { get; set; } = ReminderChannel.None;
    public string? TimeZone { get; set; }
    public DateOnly? DiedOn { get; set; }

    public PatientDetails ToDetails() => new(
        Mrn!.Trim(), FamilyName!.Trim(), GivenName!.Trim(), DateOfBirth!.Value, Sex!.Value,
        Blank(Email), Blank(Phone), ReminderConsent, PreferredChannel, TimeZone!, DiedOn);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public void Fill(PatientDetails details)
    {
        (Mrn, FamilyName, GivenName, DateOfBirth, Sex) = (details.Mrn, details.FamilyName, details.GivenName, details.DateOfBirth, details.Sex);
        (Email, Phone, ReminderConsent, PreferredChannel, TimeZone) = (details.Email, details.Phone, details.ReminderConsent, details.PreferredChannel, details.TimeZone);
        DiedOn = details.DiedOn;
    }
}

public sealed class PatientFormValidator : AbstractValidator<PatientForm>
{
    public static readonly DateOnly EarliestBirth = new(1900, 1, 1);

    public PatientFormValidator(TimeProvider clock)
    {
        RuleFor(p => p.Mrn).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("MRN is required.")
            .Matches("^[A-Za-z0-9./-]{1,32}$").WithMessage("MRN must be 1 to 32 letters, digits, dots, slashes or dashes.");
        RuleFor(p => p.FamilyName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Family name is required.")
            .MaximumLength(Patient.NameMaxLength).WithMessage($"Family name must be at most {Patient.NameMaxLength} characters.");
        RuleFor(p => p.GivenName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Given name is required.")
            .MaximumLength(Patient.NameMaxLength).WithMessage($"Given name must be at most {Patient.NameMaxLength} characters.");
        RuleFor(p => p.DateOfBirth).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Date of birth is required.")
            .Must(d => d >= EarliestBirth).WithMessage("Date of birth must be on or after 1900-01-01.")
            .Must(d => d <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).WithMessage("Date of birth cannot be in the future.");
        RuleFor(p => p.Sex).NotNull().WithMessage("Sex is required.").IsInEnum().WithMessage("Sex must be Female, Male, Other or Unknown.");
        RuleFor(p => p.Email).Cascade(CascadeMode.Stop)
            .MaximumLength(Patient.EmailMaxLength).WithMessage($"Email must be at most {Patient.EmailMaxLength} characters.")
            .MustBeEmailAddress()
            .When(p => !string.IsNullOrWhiteSpace(p.Email));
        RuleFor(p => p.Phone)
            .Matches(@"^\+?[0-9][0-9 ()-]{5,30}$").WithMessage("Phone must be digits, optionally starting with + (e.g. +33 6 12 34 56 78).")
            .When(p => !string.IsNullOrWhiteSpace(p.Phone));
        RuleFor(p => p.PreferredChannel).IsInEnum().WithMessage("Preferred channel must be None, Email or Sms.");
        RuleFor(p => p.PreferredChannel)
            .NotEqual(ReminderChannel.None).When(p => p.ReminderConsent)
            .WithMessage("Preferred channel: choose Email or SMS for a patient who consents to reminders.");
        RuleFor(p => p.PreferredChannel)
            .Equal(ReminderChannel.None).When(p => !p.ReminderConsent)
            .WithMessage("Preferred channel must be None unless the patient consents to reminders.");
        RuleFor(p => p.Email).NotEmpty().When(p => p.PreferredChannel == ReminderChannel.Email)
            .WithMessage("Email is required when reminders go by email.");
        RuleFor(p => p.Phone).NotEmpty().When(p => p.PreferredChannel == ReminderChannel.Sms)
            .WithMessage("Phone is required when reminders go by SMS.");
        RuleFor(p => p.TimeZone).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Time zone is required.")
            .Must(tz => TimeZoneInfo.TryFindSystemTimeZoneById(tz!, out _))
            .WithMessage("Time zone must be an IANA time zone id such as Europe/Paris.");
        RuleFor(p => p.DiedOn)
            .Must((p, d) => p.DateOfBirth is null || d >= p.DateOfBirth).WithMessage("Date of death cannot be before the date of birth.")
            .Must(d => d <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).WithMessage("Date of death cannot be in the future.")
            .When(p => p.DiedOn is not null);
    }
}
