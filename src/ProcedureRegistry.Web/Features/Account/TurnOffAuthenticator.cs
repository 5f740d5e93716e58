using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>
/// Resets (a new key, to enrol again, e.g. on a new phone) or disables two-factor sign-in, after the current
/// password. Either way the old key and recovery codes stop working, the security stamp changes (other sessions end)
/// and this session no longer counts as having passed two-factor sign-in. Disabling is refused while a clinic of the
/// user requires it or the user is an Admin.
/// </summary>
public static class TurnOffAuthenticator
{
    public sealed class Command : ICommand<Result>
    {
        public string? Password { get; set; }
        /// <summary>False: reset the key to enrol again; true: turn two-factor sign-in off.</summary>
        public bool Disable { get; set; }
        public string AuditAction => Disable ? "DisableTwoFactor" : "ResetAuthenticator";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Password).NotEmpty().WithMessage("Password is required.")
                .MaximumLength(256).WithMessage("Password must be at most 256 characters.");
        }
    }

    internal sealed class Handler(UserManager<AppUser> users, ICurrentUser current, AccountSession session, TwoFactorRules rules)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.SignedInAsync(current);
            if (user is null)
            {
                return Result.NotFound();
            }
            if (!await users.CheckPasswordAsync(user, command.Password!))
            {
                return Result.Invalid(nameof(Command.Password), "The password is incorrect.");
            }
            if (command.Disable && await rules.RequirementAsync(user, cancellationToken) is { Required: true } requirement)
            {
                return Result.Invalid("", requirement.Reason + " It cannot be turned off; reset it to move to a new device.");
            }
            await users.RetireTwoFactorAsync(user);
            await session.RenewAsync(user, passedTwoFactor: false);
            return Result.Ok(user.Id);
        }
    }
}
