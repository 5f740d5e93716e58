using ProcedureRegistry.Domain.Access;

namespace ProcedureRegistry.Domain.Tests.Access;

/// <summary>The role table of shared/design/roles.md, cell by cell.</summary>
public sealed class PermissionsTests
{
    [Theory]
    [InlineData(Roles.Clinician, Capability.EditPatients, true)]
    [InlineData(Roles.Clinician, Capability.RecordAssessments, true)]
    [InlineData(Roles.Clinician, Capability.LogProcedures, true)]
    [InlineData(Roles.Clinician, Capability.ViewPatientIdentifiers, true)]
    [InlineData(Roles.Clinician, Capability.WorkFollowUps, false)]
    [InlineData(Roles.Clinician, Capability.GenerateReports, false)]
    [InlineData(Roles.Clinician, Capability.ManageUsers, false)]
    [InlineData(Roles.Clinician, Capability.ViewAuditLog, false)]
    [InlineData(Roles.Coordinator, Capability.ViewPatients, true)]
    [InlineData(Roles.Coordinator, Capability.WorkFollowUps, true)]
    [InlineData(Roles.Coordinator, Capability.EditContactAndConsent, true)]
    [InlineData(Roles.Coordinator, Capability.EditPatients, false)]
    [InlineData(Roles.Coordinator, Capability.LogProcedures, false)]
    [InlineData(Roles.Coordinator, Capability.RecordAssessments, false)]
    [InlineData(Roles.Analyst, Capability.GenerateReports, true)]
    [InlineData(Roles.Analyst, Capability.ViewPatients, false)]
    [InlineData(Roles.Analyst, Capability.ViewPatientIdentifiers, false)]
    [InlineData(Roles.Analyst, Capability.EditContactAndConsent, false)]
    [InlineData(Roles.Analyst, Capability.ViewJobsDashboard, false)]
    [InlineData(Roles.Admin, Capability.ManageUsers, true)]
    [InlineData(Roles.Admin, Capability.ManageProtocols, true)]
    [InlineData(Roles.Admin, Capability.ViewAuditLog, true)]
    [InlineData(Roles.Admin, Capability.ViewJobsDashboard, true)]
    [InlineData(Roles.Clinician, Capability.DefineBlindedProtocols, true)]
    [InlineData(Roles.Clinician, Capability.PrepareBlocks, false)]
    [InlineData(Roles.Admin, Capability.DefineBlindedProtocols, true)]
    [InlineData(Roles.Admin, Capability.PrepareBlocks, false)]
    [InlineData(Roles.Coordinator, Capability.PrepareBlocks, false)]
    [InlineData(Roles.Analyst, Capability.PrepareBlocks, false)]
    [InlineData(Roles.Preparer, Capability.PrepareBlocks, true)]
    [InlineData(Roles.Preparer, Capability.ViewPatients, false)]
    public void Each_role_may_do_what_the_role_table_says(string role, Capability capability, bool allowed) =>
        Assert.Equal(allowed, Permissions.Allows([role], capability));

    [Fact]
    public void Admin_may_do_everything_the_other_roles_may_except_see_blinded_agents()
    {
        Assert.False(Permissions.Allows([Roles.Admin], Capability.PrepareBlocks));
        foreach (var capability in Enum.GetValues<Capability>().Where(c => c != Capability.PrepareBlocks))
        {
            Assert.True(Permissions.Allows([Roles.Admin], capability), capability.ToString());
        }
    }

    [Fact]
    public void Several_roles_grant_the_union_of_their_capabilities()
    {
        Assert.True(Permissions.Allows([Roles.Analyst, Roles.Coordinator], Capability.GenerateReports));
        Assert.True(Permissions.Allows([Roles.Analyst, Roles.Coordinator], Capability.WorkFollowUps));
    }

    [Fact]
    public void No_role_or_an_unknown_role_grants_nothing()
    {
        Assert.False(Permissions.Allows([], Capability.ViewPatients));
        Assert.False(Permissions.Allows(["Patient"], Capability.ViewPatients));
        Assert.Empty(Permissions.Of("Superuser"));
    }

    [Theory]
    [InlineData("Admin", true)]
    [InlineData("Analyst", true)]
    [InlineData("admin", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Role_names_are_exact(string? role, bool known) => Assert.Equal(known, Roles.IsKnown(role));

    [Fact]
    public void Administrative_capabilities_are_those_only_the_Admin_role_grants()
    {
        Capability[] administrative =
        [
            Capability.ManageUsers, Capability.ManageClinics, Capability.ManageProtocols, Capability.ViewAuditLog,
            Capability.ViewJobsDashboard,
        ];

        Assert.Equal(administrative, Enum.GetValues<Capability>().Where(Permissions.IsAdministrative));
    }
}
