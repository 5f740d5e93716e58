using Microsoft.AspNetCore.Authorization;
using ProcedureRegistry.Domain.Access;
using System.Security.Claims;

namespace ProcedureRegistry.Web.Infrastructure.Identity;

/// <summary>Requires the signed-in user to hold a role that grants <paramref name="capability"/> (see <see cref="Permissions"/>).</summary>
public sealed class RequiresAttribute(Capability capability) : AuthorizeAttribute(PolicyName(capability))
{
    public static string PolicyName(Capability capability) => "can:" + capability;
}

public static class AuthorizationSetup
{
    /// <summary>One policy per capability (administrative ones also need a session that passed two-factor sign-in), and a fallback that makes every endpoint require a signed-in user.</summary>
    public static IServiceCollection AddRegistryAuthorization(this IServiceCollection services) =>
        services.AddAuthorization(options =>
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var capability in Enum.GetValues<Capability>())
            {
                options.AddPolicy(RequiresAttribute.PolicyName(capability), p =>
                {
                    p.RequireAuthenticatedUser().RequireAssertion(ctx => ctx.User.Can(capability));
                    if (Permissions.IsAdministrative(capability))
                    {
                        p.AddRequirements(new TwoFactorSessionRequirement());
                    }
                });
            }
        });

    public static bool Can(this ClaimsPrincipal user, Capability capability) =>
        Permissions.Allows(user.FindAll(ClaimTypes.Role).Select(c => c.Value), capability);
}
