using System.Text.RegularExpressions;
using FluentValidation;

namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>
/// The one rule for an email address typed into any form (patients, users). FluentValidation's EmailAddress() takes
/// anything with an @ in it ("a@b", "x y@z"); reminders need an address a mail server can deliver to: a local part
/// without spaces of at most 64 characters, and a domain of dot-separated labels ending in a top-level domain of
/// letters, 254 characters in all. The database checks the same shape (ck_patients_email_format).
/// </summary>
public static partial class EmailAddressRule
{
    public const int MaxLength = 254;

    public static bool IsValid(string? address) =>
        address is { Length: > 0 and <= MaxLength } && Shape().IsMatch(address);

    public static IRuleBuilderOptions<T, string?> MustBeEmailAddress<T>(this IRuleBuilder<T, string?> rule, string label = "Email") =>
        rule.Must(IsValid).WithMessage($"{label} must be an email address such as name@example.org (no spaces, a dot in the domain).");

    [GeneratedRegex(@"^[^\s@""(),:;<>\[\\\]]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")]
    private static partial Regex Shape();
}
