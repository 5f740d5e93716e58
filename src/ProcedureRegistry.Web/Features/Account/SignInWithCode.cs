using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>
/// The second sign-in step: a 6-digit code from the authenticator app, or one of the recovery codes. Like the password
/// step, audited but not transactional, so wrong codes count towards the account's lockout.
/// </summary>
public static class SignInWithCode
{
    public sealed class Command : IAudited<Result>
    {
        public string? Code { get; set; }
        public bool RememberMe { get; set; }
        public string? ReturnUrl { get; set; }
        public string AuditAction => "SignInTwoFactor";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Code is required.")
                .MaximumLength(64).WithMessage("Code must be at most 64 characters.");
        }
    }

    internal sealed class Handler(SignInManager<AppUser> signIn) : IRequestHandler<Command, Result>
    {
        public const string Expired = "Your sign-in has expired. Sign in again with your email and password.";
        public const string WrongCode = "The code is incorrect. Enter the 6-digit code your authenticator app shows now, or one of your recovery codes.";
        public const string LockedOut = "This account is locked after too many failed sign-ins. Try again in 15 minutes, or ask an Admin to unlock it.";

        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await signIn.GetTwoFactorAuthenticationUserAsync();
            if (user is null)
            {
                return Result.Invalid("", Expired);
            }
            var code = TwoFactor.Normalize(command.Code);
            var outcome = code.Length == 6 && code.All(char.IsAsciiDigit)
                ? await signIn.TwoFactorAuthenticatorSignInAsync(code, command.RememberMe, rememberClient: false)
                : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
            if (outcome.Succeeded)
            {
                return Result.Ok(user.Id);
            }
            // The password was right, so saying that the account is locked reveals nothing new.
            return Result.Invalid(nameof(Command.Code), outcome.IsLockedOut ? LockedOut : WrongCode);
        }
    }
}
