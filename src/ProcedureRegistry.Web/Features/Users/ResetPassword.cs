using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>
/// Gives a user a new random password (shown once) and lifts any lockout. The old password stops working at once
/// and existing sessions end at their next security-stamp check.
/// </summary>
public static class ResetPassword
{
    /// <summary>Who would be reset, for the confirmation page.</summary>
    public sealed record Query(string UserId) : IQuery<Result<Target>>;

    public sealed record Target(string UserId, string Email, string DisplayName);

    public sealed class Command : ICommand<Result<Done>>
    {
        public string? UserId { get; set; }
        /// <summary>Alternative to <see cref="UserId"/>, for the command line.</summary>
        public string? Email { get; set; }
        public string AuditAction => "ResetPassword";
    }

    public sealed record Done(string Email, string NewPassword);

    internal sealed class QueryHandler(RegistryDbContext db) : IRequestHandler<Query, Result<Target>>
    {
        public async Task<Result<Target>> Handle(Query query, CancellationToken cancellationToken)
        {
            var target = await db.Users.AsNoTracking().Where(u => u.Id == query.UserId)
                .Select(u => new Target(u.Id, u.Email!, u.DisplayName)).SingleOrDefaultAsync(cancellationToken);
            return target is null ? Fail.NotFound() : Result.Ok(target);
        }
    }

    internal sealed class Handler(UserManager<AppUser> users) : IRequestHandler<Command, Result<Done>>
    {
        public async Task<Result<Done>> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = command.UserId is { Length: > 0 } id ? await users.FindByIdAsync(id)
                : command.Email is { Length: > 0 } email ? await users.FindByEmailAsync(email)
                : null;
            if (user is null)
            {
                return Fail.NotFound();
            }

            var password = PasswordGenerator.Generate();
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, password);
            if (!reset.Succeeded)
            {
                return Fail.Invalid("", string.Join(" ", reset.Errors.Select(e => e.Description)));
            }
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return Result.Ok(new Done(user.Email!, password), user.Id);
        }
    }
}
