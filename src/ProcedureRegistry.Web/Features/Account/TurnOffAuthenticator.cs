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
/// user requires it or the user is an Admin. A refusal comes back with the account security page, to show it again.
/// </summary>
public static class TurnOffAuthenticator
{
    public sealed class Command : ICommand<Result<GetAccountSecurity.Model>>, IValidatedByItsHandler
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

    internal sealed class Handler(UserManager<AppUser> users, ICurrentUser current, AccountSession session, TwoFactorRules rules,
        InputErrors<Command> input) : IRequestHandler<Command, Result<GetAccountSecurity.Model>>
    {
        public async Task<Result<GetAccountSecurity.Model>> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.SignedInAsync(current);
            if (user is null)
            {
                return Fail.NotFound();
            }
            if (await input.RefusalAsync(command, cancellationToken) is { } invalid)
            {
                return await RefusedAsync(invalid);
            }
            if (!await users.CheckPasswordAsync(user, command.Password!))
            {
                return await RefusedAsync(Fail.Invalid(nameof(Command.Password), "The password is incorrect."));
            }
            if (command.Disable && await rules.RequirementAsync(user, cancellationToken) is { Required: true } requirement)
            {
                return await RefusedAsync(Fail.Invalid("", requirement.Reason + " It cannot be turned off; reset it to move to a new device."));
            }
            await users.RetireTwoFactorAsync(user);
            await session.RenewAsync(user, passedTwoFactor: false);
            return Result<GetAccountSecurity.Model>.Done(user.Id);

            async Task<Result<GetAccountSecurity.Model>> RefusedAsync(FailedResult failure) =>
                Result<GetAccountSecurity.Model>.Refused(failure, await GetAccountSecurity.ReadAsync(users, rules, user, cancellationToken));
        }
    }
}
