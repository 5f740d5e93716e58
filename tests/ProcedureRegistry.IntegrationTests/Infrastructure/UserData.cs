using System.Net;
using ProcedureRegistry.Web.Features.Users;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>A user made by the operator (through the app's handler), in any clinics, to test who may administer whom.</summary>
public sealed record TestUser(string Id, string Email, string Password);

public static class UserData
{
    /// <summary>Creates a user with <paramref name="role"/> in each clinic of <paramref name="clinicCodes"/> (created when missing).</summary>
    public static async Task<TestUser> UserInClinicsAsync(this AppFixture app, string role, params string[] clinicCodes)
    {
        var clinicIds = new List<int>();
        foreach (var code in clinicCodes)
        {
            clinicIds.Add(await app.ClinicAsync(code));
        }
        var email = $"{role.ToLowerInvariant()}.{string.Join("-", clinicCodes).ToLowerInvariant()}.{Guid.NewGuid():N}@test.clinic";
        var result = await app.SendAsync(new CreateUser.Command
        {
            Email = email, DisplayName = $"{role} of {string.Join(" and ", clinicCodes)}", Role = role, ClinicIds = clinicIds,
        });
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        if (role == ProcedureRegistry.Domain.Access.Roles.Admin)
        {
            // Admins administer only from a session that passed two-factor sign-in (SignInAsync enters the code).
            await Authenticator.EnrolAsync(app.Factory.Services, email);
        }
        return new TestUser(result.Value!.UserId, email, result.Value.InitialPassword);
    }

    /// <summary>A browser-like client signed in as <paramref name="user"/>.</summary>
    public static async Task<HttpClient> SignedInAsync(this AppFixture app, TestUser user)
    {
        var client = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user.Email, user.Password)).StatusCode);
        return client;
    }
}
