namespace ProcedureRegistry.Domain.Access;

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
