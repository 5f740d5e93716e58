using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// The authenticator app of the test users: enrols a user through Identity, remembers the shared key by email, and
/// computes the current RFC 6238 code from it, as a phone would.
/// </summary>
public static class Authenticator
{
    private static readonly ConcurrentDictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Turns two-factor sign-in on for <paramref name="email"/> with a new key, which it returns.</summary>
    public static async Task<string> EnrolAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        await users.SetTwoFactorEnabledAsync(user, true);
        Remember(email, key);
        return key;
    }

    public static void Remember(string email, string key) => Keys[email] = key;

    public static string? KeyOf(string email) => Keys.TryGetValue(email, out var key) ? key : null;

    /// <summary>The code an authenticator app shows now for <paramref name="key"/> (spaces allowed, as on the enrolment page).</summary>
    public static string CodeFor(string key) => new Totp(Base32Encoding.ToBytes(key.Replace(" ", "").ToUpperInvariant())).ComputeTotp();
}
