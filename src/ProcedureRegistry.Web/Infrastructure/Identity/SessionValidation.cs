using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.Web.Infrastructure.Identity;

/// <summary>
/// Ends a session at its next request once the user's security stamp has changed or the account is deactivated.
/// Sign-out, a password reset, a role or clinic change and deactivation each give the user a new stamp, so every
/// session of theirs, and every copy of its cookie, stops working at once.
/// </summary>
/// <remarks>
/// Identity's own <see cref="SecurityStampValidator"/> could do this with a ValidationInterval of zero, but it then
/// rebuilds the principal (user, claims, roles, role claims) and re-issues the cookie on every request. Measured here
/// (a signed-in GET of a plain page, 600 requests each, Server-Timing median, 2 busy cores): 0.6 ms with no check,
/// 1.6 ms with this one, 7.4 ms with Identity's at zero. So this check reads one indexed row on every request, with no
/// cache (a cache of a few seconds would let an ended session act meanwhile for a saving under a millisecond), and
/// Identity's validator still refreshes the principal at its usual interval.
/// </remarks>
public static class SessionValidation
{
    private static readonly Func<RegistryDbContext, string, Task<AccountState?>> StateOf = EF.CompileAsyncQuery(
        (RegistryDbContext db, string userId) => db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new AccountState(u.SecurityStamp, u.DeactivatedAt != null))
            .SingleOrDefault());

    private sealed record AccountState(string? SecurityStamp, bool Deactivated);

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claims.SecurityStampClaimType);
        var state = userId is null ? null : await StateOf(services.GetRequiredService<RegistryDbContext>(), userId);
        if (state is null || state.Deactivated || stamp is null || state.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
