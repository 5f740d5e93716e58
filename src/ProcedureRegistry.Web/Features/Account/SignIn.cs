using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>
/// Sign-in with email and password, the first step when two-factor sign-in is on. Audited (success and failure) but
/// not transactional: Identity must keep the failed-attempt count that leads to lockout even when the attempt fails.
/// Every refusal looks and takes the same: one password hash and <see cref="Handler.Refused"/>.
/// </summary>
public static class SignIn
{
    public sealed class Command : IAudited<Result<Passed>>
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public bool RememberMe { get; set; }
        public string? ReturnUrl { get; set; }
        public string AuditAction => "SignIn";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().WithMessage("Email is required.")
                .MaximumLength(256).WithMessage("Email must be at most 256 characters.");
            RuleFor(c => c.Password).NotEmpty().WithMessage("Password is required.")
                .MaximumLength(256).WithMessage("Password must be at most 256 characters.");
        }
    }

    /// <summary>Where the person goes after the password step.</summary>
    public enum NextStep
    {
        SignedIn,
        /// <summary>Two-factor sign-in is on: the authenticator (or recovery) code page.</summary>
        TwoFactorCode,
        /// <summary>Signed in, but an Admin or staff of a clinic that requires it must set up two-factor sign-in first.</summary>
        Enrol,
    }

    public sealed record Passed(NextStep Next, string? Message = null);

    internal sealed class Handler(SignInManager<AppUser> signIn, UserManager<AppUser> users, TwoFactorRules twoFactor)
        : IRequestHandler<Command, Result<Passed>>
    {
        /// <summary>
        /// The one answer to every refused sign-in (unknown email, wrong password, locked or deactivated account), so
        /// that it tells nothing about which accounts exist.
        /// </summary>
        public const string Refused = "The email or password is incorrect. After 5 failed sign-ins an account is locked for 15 minutes.";

        /// <summary>A hash of a random password, verified when there is no real one to verify, so every refusal costs one hash.</summary>
        private static string? dummyHash;

        public async Task<Result<Passed>> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByEmailAsync(command.Email!);
            if (user is null || await users.IsLockedOutAsync(user))
            {
                return RefuseAfterDummyHash(command.Password!);
            }

            var outcome = await signIn.PasswordSignInAsync(user, command.Password!, command.RememberMe, lockoutOnFailure: true);
            if (outcome.RequiresTwoFactor)
            {
                return Result.Ok(new Passed(NextStep.TwoFactorCode), user.Id);
            }
            if (outcome.IsNotAllowed)
            {
                // Refused before the password was checked (e.g. a deactivated account): spend the same time.
                return RefuseAfterDummyHash(command.Password!);
            }
            if (!outcome.Succeeded)
            {
                return Fail.Invalid("", Refused);
            }
            var requirement = await twoFactor.RequirementAsync(user, cancellationToken);
            if (requirement.Required)
            {
                return Result.Ok(new Passed(NextStep.Enrol, requirement.EnrolMessage), user.Id);
            }
            return Result.Ok(new Passed(NextStep.SignedIn), user.Id);
        }

        private FailedResult RefuseAfterDummyHash(string password)
        {
            var probe = new AppUser();
            dummyHash ??= users.PasswordHasher.HashPassword(probe, PasswordGenerator.Generate());
            users.PasswordHasher.VerifyHashedPassword(probe, dummyHash, password);
            return Fail.Invalid("", Refused);
        }
    }
}
