using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>
/// The signed-in user changes their own password. Identity's password rules apply; the security stamp changes, so
/// every other session of the user ends, and this one is renewed. Audited but not transactional: a wrong current
/// password counts towards lockout, like a wrong password at sign-in.
/// </summary>
public static class ChangePassword
{
    public sealed class Command : IAudited<Result>
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
        public string? ConfirmPassword { get; set; }
        public string AuditAction => "ChangePassword";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CurrentPassword).NotEmpty().WithMessage("Current password is required.")
                .MaximumLength(256).WithMessage("Current password must be at most 256 characters.");
            RuleFor(c => c.NewPassword).NotEmpty().WithMessage("New password is required.")
                .MaximumLength(256).WithMessage("New password must be at most 256 characters.");
            RuleFor(c => c.ConfirmPassword).Equal(c => c.NewPassword).WithMessage("Confirm the new password: the two entries differ.");
            RuleFor(c => c.NewPassword).NotEqual(c => c.CurrentPassword).WithMessage("New password must differ from the current one.")
                .When(c => !string.IsNullOrEmpty(c.NewPassword));
        }
    }

    internal sealed class Handler(UserManager<AppUser> users, ICurrentUser current, AccountSession session) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.SignedInAsync(current);
            if (user is null)
            {
                return Result.NotFound();
            }
            if (await users.IsLockedOutAsync(user))
            {
                return Result.Invalid(nameof(Command.CurrentPassword), SignInWithCode.Handler.LockedOut);
            }
            if (!await users.CheckPasswordAsync(user, command.CurrentPassword!))
            {
                await users.AccessFailedAsync(user);
                return Result.Invalid(nameof(Command.CurrentPassword), "The current password is incorrect.");
            }
            var changed = await users.ChangePasswordAsync(user, command.CurrentPassword!, command.NewPassword!);
            if (!changed.Succeeded)
            {
                return Result.Invalid([.. changed.Errors.Select(e => new FieldError(nameof(Command.NewPassword), e.Description))]);
            }
            await session.RenewAsync(user, current.Principal?.PassedTwoFactor() == true);
            return Result.Ok(user.Id);
        }
    }
}
