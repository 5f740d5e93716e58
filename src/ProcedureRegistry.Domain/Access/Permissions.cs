namespace ProcedureRegistry.Domain.Access;

public static class Permissions
{
    private static readonly Dictionary<string, HashSet<Capability>> Grants = new(StringComparer.Ordinal)
    {
        [Roles.Clinician] =
        [
            Capability.ViewPatients, Capability.ViewPatientIdentifiers, Capability.EditPatients,
            Capability.EditContactAndConsent, Capability.RecordAssessments, Capability.LogProcedures,
            Capability.DefineBlindedProtocols,
        ],
        [Roles.Coordinator] =
        [
            Capability.ViewPatients, Capability.ViewPatientIdentifiers, Capability.EditContactAndConsent,
            Capability.WorkFollowUps,
        ],
        // Analysts see de-identified aggregates only: no patient record, no identifiers.
        [Roles.Analyst] = [Capability.GenerateReports],
        // The preparer sees the agents of blinded blocks; the role is given beside Clinician (roles.md).
        [Roles.Preparer] = [Capability.PrepareBlocks],
        // An Admin may do everything except see blinded agents: who prepares blocks is a person, not an administrator.
        [Roles.Admin] = [.. Enum.GetValues<Capability>().Where(c => c != Capability.PrepareBlocks)],
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
