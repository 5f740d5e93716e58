using Microsoft.AspNetCore.Identity;

namespace ProcedureRegistry.Web.Infrastructure.Identity;

/// <summary>
/// Identity asks this before every sign-in (password, two-factor, refresh), with SignIn.RequireConfirmedAccount on: a
/// deactivated account is not allowed to sign in. The sign-in form then shows its one generic message, the same as for
/// a wrong password. Accounts are confirmed by the Admin who creates them, so there is no other confirmation to check.
/// </summary>
public sealed class ActiveAccountConfirmation : IUserConfirmation<AppUser>
{
    /// <remarks>Identity refuses before it checks the password; SignIn spends the time of one password check on that
    /// refusal (as on every other), so its timing does not tell a deactivated account apart.</remarks>
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) => Task.FromResult(user.DeactivatedAt is null);
}
