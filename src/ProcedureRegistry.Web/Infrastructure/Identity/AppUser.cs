using Microsoft.AspNetCore.Identity;

namespace ProcedureRegistry.Web.Infrastructure.Identity;

/// <summary>A staff member who signs in. Roles come from Identity; clinics from <see cref="ClinicMembership"/>.</summary>
public sealed class AppUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When an Admin deactivated the account; while set, the user cannot sign in (see <see cref="ActiveAccountConfirmation"/>).</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
    public List<ClinicMembership> Clinics { get; set; } = [];
}

/// <summary>A user belongs to one or more clinics and sees only their data.</summary>
public sealed class ClinicMembership
{
    public string UserId { get; set; } = "";
    public int ClinicId { get; set; }
}
