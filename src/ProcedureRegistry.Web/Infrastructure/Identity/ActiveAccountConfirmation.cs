using Microsoft.AspNetCore.Identity;

namespace ProcedureRegistry.Web.Infrastructure.Identity;

/// <summary>
/// Identity asks this before every sign-in (password, two-factor, refresh), with SignIn.RequireConfirmedAccount on: a
/// deactivated account is not allowed to sign in. The sign-in form then shows its one generic message, the same as for
/// a wrong password. Accounts are confirmed by the Admin who creates them, so there is no other confirmation to check.
/// </summary>
public sealed class ActiveAccountConfirmation : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user)
    {
        if (user.DeactivatedAt is null)
        {
            return Task.FromResult(true);
        }
        // Identity refuses before it checks the password; spend the time a password check takes anyway, so the answer's
        // timing does not tell a deactivated account from an active one given a wrong password.
        manager.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? "", "not the password");
        return Task.FromResult(false);
    }
}
