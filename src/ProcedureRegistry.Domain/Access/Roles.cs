namespace ProcedureRegistry.Domain.Access;

/// <summary>
/// The staff roles of ../shared/design/roles.md: four, and Preparer, given beside Clinician to the nurse or pharmacist who
/// prepares blinded blocks. Patients never sign in; they use a tokenized link.
/// </summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Clinician = "Clinician";
    public const string Coordinator = "Coordinator";
    public const string Analyst = "Analyst";
    public const string Preparer = "Preparer";

    public static readonly IReadOnlyList<string> All = [Admin, Clinician, Coordinator, Analyst, Preparer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
