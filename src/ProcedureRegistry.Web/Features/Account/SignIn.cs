using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>
/// Sign-in with email and password. Audited (success and failure) but not transactional: Identity must keep the
/// failed-attempt count that leads to lockout even when the attempt fails.
/// </summary>
public static class SignIn
{
    public sealed class Command : IAudited<Result>
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

    internal sealed class Handler(SignInManager<AppUser> signIn, UserManager<AppUser> users) : IRequestHandler<Command, Result>
    {
        public const string WrongCredentials = "The email or password is incorrect.";
        public const string LockedOut = "This account is locked after too many failed sign-ins. Try again in 15 minutes, or ask an Admin to unlock it.";

        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByEmailAsync(command.Email!);
            if (user is null)
            {
                return Result.Invalid("", WrongCredentials);
            }

            var outcome = await signIn.PasswordSignInAsync(user, command.Password!, command.RememberMe, lockoutOnFailure: true);
            if (outcome.Succeeded)
            {
                return Result.Ok(user.Id);
            }
            return Result.Invalid("", outcome.IsLockedOut ? LockedOut : WrongCredentials);
        }
    }
}
