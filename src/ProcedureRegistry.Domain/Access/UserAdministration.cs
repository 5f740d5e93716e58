namespace ProcedureRegistry.Domain.Access;

/// <summary>
/// Which accounts an Admin administers (roles.md): only those all of whose clinics are among the Admin's own. An Admin
/// of clinic A who could reset the password of a user of clinic B could sign in as them and open B's patients; so
/// such a user is invisible to that Admin, in lists and by id. The registry-wide operator is the command line, which
/// has no clinics and is not subject to this rule.
/// </summary>
public static class UserAdministration
{
    /// <summary>
    /// True when an Admin of <paramref name="adminClinicIds"/> may administer a user of <paramref name="userClinicIds"/>:
    /// the user has at least one clinic and every one is the Admin's. Also decides what a change may leave behind: an
    /// Admin may create or edit a user only into clinics this function accepts.
    /// </summary>
    /// <remarks>A user without any clinic belongs to nobody's administration; only the operator reaches them.</remarks>
    public static bool MayAdminister(IReadOnlyCollection<int> adminClinicIds, IReadOnlyCollection<int> userClinicIds) =>
        userClinicIds.Count > 0 && userClinicIds.All(adminClinicIds.Contains);

    /// <summary>
    /// Whether an Admin may give their own account these roles and clinics. An Admin cannot drop their own Admin role or
    /// leave one of their clinics (nor deactivate themselves): another Admin of all those clinics must do it, and that
    /// Admin stays. So a clinic that has an active Admin never loses its last one by the act of an Admin.
    /// </summary>
    public static OwnAccountChange CheckOwnChange(
        IReadOnlyCollection<string> rolesAfter, IReadOnlyCollection<int> clinicsBefore, IReadOnlyCollection<int> clinicsAfter) =>
        !rolesAfter.Contains(Roles.Admin) ? OwnAccountChange.DropsAdminRole
        : !clinicsBefore.All(clinicsAfter.Contains) ? OwnAccountChange.LeavesClinic
        : OwnAccountChange.Allowed;
}

/// <summary>The outcome of <see cref="UserAdministration.CheckOwnChange"/>.</summary>
public enum OwnAccountChange
{
    Allowed,
    DropsAdminRole,
    LeavesClinic,
}
