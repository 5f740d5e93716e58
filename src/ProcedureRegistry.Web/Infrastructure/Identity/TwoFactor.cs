using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.Web.Infrastructure.Identity;

/// <summary>
/// Two-factor sign-in: who must use it, and what a session that has not passed it may do. An Admin needs a session
/// that passed it for every administrative capability; staff of a clinic that requires it can do nothing but enrol
/// until they have.
/// </summary>
public static class TwoFactor
{
    public const string EnrolPath = "/account/two-factor/enrol";
    /// <summary>The authentication-methods claim; Identity adds "mfa" when the session passed an authenticator or recovery code.</summary>
    public const string AmrClaim = "amr";
    public const string MfaMethod = "mfa";
    /// <summary>Set at sign-in (and at every principal refresh) when a clinic of the user requires two-factor sign-in.</summary>
    public const string RequiredByClinicClaim = "registry:two_factor_required";
    public const int RecoveryCodeCount = 10;

    public const string AdminsMustEnrol =
        "Admins must set up two-factor sign-in before they can administer users, clinics, protocols, the audit log or jobs.";
    public const string ClinicRequiresEnrolment =
        "Your clinic requires two-factor sign-in. Set up an authenticator app to continue.";

    public static bool PassedTwoFactor(this ClaimsPrincipal user) => user.HasClaim(AmrClaim, MfaMethod);

    public static bool MustEnrolBeforeAnything(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(c => c.Type == RequiredByClinicClaim) && !user.PassedTwoFactor();

    /// <summary>Codes as people type them: spaces and dashes are ignored.</summary>
    public static string Normalize(string? code) => new((code ?? "").Where(c => c is not (' ' or '-')).ToArray());

    public static string EnrolUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } ? $"{EnrolPath}?returnUrl={Uri.EscapeDataString(returnUrl)}" : EnrolPath;

    /// <summary>Turns two-factor sign-in off and retires the key and the recovery codes (the security stamp changes).</summary>
    public static async Task RetireTwoFactorAsync(this UserManager<AppUser> users, AppUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
    }

    /// <summary>The signed-in user of this request, or null.</summary>
    public static async Task<AppUser?> SignedInAsync(this UserManager<AppUser> users, Auditing.ICurrentUser current) =>
        current.UserId is { } id ? await users.FindByIdAsync(id) : null;

    public static IServiceCollection AddTwoFactorRules(this IServiceCollection services)
    {
        services.AddScoped<TwoFactorRules>();
        services.AddScoped<AccountSession>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, EnrolInsteadOfForbidden>();
        // A principal refreshed after a security-stamp check is rebuilt from the database and would lose "amr";
        // keep it, or an Admin's session would lose its administrative rights at the first check.
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.PassedTwoFactor() == true && context.NewPrincipal?.Identity is ClaimsIdentity identity)
            {
                identity.AddClaim(new Claim(AmrClaim, MfaMethod));
            }
            return Task.CompletedTask;
        });
        return services;
    }

    /// <summary>
    /// Staff of a clinic that requires two-factor sign-in, signed in with a password only, are sent to enrolment for
    /// every page but enrolment itself, sign-out and the error pages.
    /// </summary>
    public static IApplicationBuilder UseTwoFactorEnrolmentGate(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (!context.User.MustEnrolBeforeAnything() || IsAllowedBeforeEnrolment(context.Request.Path))
            {
                return next(context);
            }
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }
            context.Response.Redirect(EnrolPath);
            return Task.CompletedTask;
        });

    private static bool IsAllowedBeforeEnrolment(PathString path) =>
        path.StartsWithSegments(EnrolPath) || path.StartsWithSegments("/account/logout") ||
        path.StartsWithSegments("/account/login") || path.StartsWithSegments("/error") ||
        path.StartsWithSegments("/css") || path.StartsWithSegments("/health");
}

/// <summary>Why a user must use two-factor sign-in: clinics of theirs that require it, or being an Admin.</summary>
public sealed record TwoFactorRequirement(IReadOnlyList<string> ClinicCodes, bool IsAdmin)
{
    public bool Required => ClinicCodes.Count > 0 || IsAdmin;

    public string Reason => ClinicCodes.Count > 0
        ? $"Two-factor sign-in is required by clinic {string.Join(", ", ClinicCodes)}."
        : IsAdmin ? "Two-factor sign-in is required for Admins." : "";

    /// <summary>What the enrolment page tells a user who arrives there straight from the password step.</summary>
    public string EnrolMessage => ClinicCodes.Count > 0 ? TwoFactor.ClinicRequiresEnrolment : TwoFactor.AdminsMustEnrol;
}

public sealed class TwoFactorRules(RegistryDbContext db, UserManager<AppUser> users)
{
    public async Task<TwoFactorRequirement> RequirementAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var clinics = await db.ClinicMemberships.Where(m => m.UserId == user.Id)
            .Join(db.Clinics.Where(c => c.RequireTwoFactor), m => m.ClinicId, c => c.Id, (_, c) => c.Code)
            .OrderBy(code => code).ToListAsync(cancellationToken);
        return new TwoFactorRequirement(clinics, await users.IsInRoleAsync(user, Roles.Admin));
    }
}

/// <summary>Renews the current user's cookie after a change of their security stamp (so this session survives while the others end).</summary>
public sealed class AccountSession(SignInManager<AppUser> signIn)
{
    public async Task RenewAsync(AppUser user, bool passedTwoFactor)
    {
        var current = await signIn.Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        Claim[] method = [new(TwoFactor.AmrClaim, passedTwoFactor ? TwoFactor.MfaMethod : "pwd")];
        await signIn.SignInWithClaimsAsync(user, current.Properties, method);
    }
}

/// <summary>Adds <see cref="TwoFactor.RequiredByClinicClaim"/> to the principal of a user whose clinic requires two-factor sign-in.</summary>
public sealed class RegistryClaimsPrincipalFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, RegistryDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var required = await db.ClinicMemberships.AnyAsync(m => m.UserId == user.Id &&
            db.Clinics.Any(c => c.Id == m.ClinicId && c.RequireTwoFactor));
        if (required)
        {
            identity.AddClaim(new Claim(TwoFactor.RequiredByClinicClaim, "true"));
        }
        return identity;
    }
}

/// <summary>Part of every administrative capability's policy: the session passed two-factor sign-in.</summary>
public sealed class TwoFactorSessionRequirement : AuthorizationHandler<TwoFactorSessionRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TwoFactorSessionRequirement requirement)
    {
        if (context.User.PassedTwoFactor())
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// A user who holds the role for an administrative capability but whose session has not passed two-factor sign-in is
/// sent to enrolment with a message instead of the 403 page.
/// </summary>
public sealed class EnrolInsteadOfForbidden : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
        var onlyTwoFactorMissing = authorizeResult.Forbidden && failed.Count > 0 && failed.All(r => r is TwoFactorSessionRequirement);
        if (!onlyTwoFactorMissing || context.Request.Path.StartsWithSegments("/api"))
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
        context.Response.Redirect(TwoFactor.EnrolUrl(context.Request.Path + context.Request.QueryString));
        return Task.CompletedTask;
    }
}
