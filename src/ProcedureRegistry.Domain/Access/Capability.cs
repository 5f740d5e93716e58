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
    /// <summary>Define and start a blinded controlled-block protocol (clinical-reference §9).</summary>
    DefineBlindedProtocols,
    /// <summary>
    /// See the agent behind a blinded block's kit code and the allocation list: the person who prepares the syringes.
    /// Only the Preparer role grants it; not even an Admin has it, so that a blinded block stays blinded.
    /// </summary>
    PrepareBlocks,
}
