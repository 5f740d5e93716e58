namespace ProcedureRegistry.Domain.Access;

/// <summary>The four staff roles of ../shared/design/roles.md. Patients never sign in; they use a tokenized link.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Clinician = "Clinician";
    public const string Coordinator = "Coordinator";
    public const string Analyst = "Analyst";

    public static readonly IReadOnlyList<string> All = [Admin, Clinician, Coordinator, Analyst];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}

/// <summary>What a signed-in user may do. Policies and handlers ask <see cref="Permissions.Allows"/>, never a role name.</summary>
public enum Capability
{
    ViewPatients,
    ViewPatientIdentifiers,
    EditPatients,
    EditContactAndConsent,
    RecordAssessments,
    LogProcedures,
    WorkFollowUps,
    GenerateReports,
    ManageUsers,
    ManageClinics,
    ManageProtocols,
    ViewAuditLog,
    ViewJobsDashboard,
}

public static class Permissions
{
    private static readonly Dictionary<string, HashSet<Capability>> Grants = new(StringComparer.Ordinal)
    {
        [Roles.Clinician] =
        [
            Capability.ViewPatients, Capability.ViewPatientIdentifiers, Capability.EditPatients,
            Capability.EditContactAndConsent, Capability.RecordAssessments, Capability.LogProcedures,
        ],
        [Roles.Coordinator] =
        [
            Capability.ViewPatients, Capability.ViewPatientIdentifiers, Capability.EditContactAndConsent,
            Capability.WorkFollowUps,
        ],
        // Analysts see de-identified aggregates only: no patient record, no identifiers.
        [Roles.Analyst] = [Capability.GenerateReports],
        [Roles.Admin] = [.. Enum.GetValues<Capability>()],
    };

    /// <summary>True when any of <paramref name="roles"/> grants <paramref name="capability"/>.</summary>
    public static bool Allows(IEnumerable<string> roles, Capability capability) =>
        roles.Any(r => Grants.TryGetValue(r, out var caps) && caps.Contains(capability));

    /// <summary>
    /// A capability only the Admin role grants (users, clinics, protocols, audit log, jobs). The app asks for a
    /// session that passed two-factor sign-in before it allows one of these.
    /// </summary>
    public static bool IsAdministrative(Capability capability) =>
        Grants.Where(g => g.Key != Roles.Admin).All(g => !g.Value.Contains(capability));

    public static IReadOnlyCollection<Capability> Of(string role) =>
        Grants.TryGetValue(role, out var caps) ? caps : [];
}
