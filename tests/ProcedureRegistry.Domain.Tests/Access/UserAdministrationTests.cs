using ProcedureRegistry.Domain.Access;

namespace ProcedureRegistry.Domain.Tests.Access;

public sealed class UserAdministrationTests
{
    [Theory]
    [InlineData(new[] { 1 }, new[] { 1 }, true)]
    [InlineData(new[] { 1, 2 }, new[] { 2 }, true)]
    [InlineData(new[] { 1, 2 }, new[] { 1, 2 }, true)]
    [InlineData(new[] { 1 }, new[] { 2 }, false)]
    [InlineData(new[] { 1 }, new[] { 1, 2 }, false)] // one foreign clinic is enough to hide the user
    [InlineData(new[] { 1 }, new int[0], false)] // a user of no clinic is nobody's to administer
    [InlineData(new int[0], new[] { 1 }, false)]
    [InlineData(new int[0], new int[0], false)]
    public void An_admin_administers_only_users_all_of_whose_clinics_are_theirs(int[] adminClinics, int[] userClinics, bool allowed) =>
        Assert.Equal(allowed, UserAdministration.MayAdminister(adminClinics, userClinics));

    [Fact]
    public void An_admin_may_rename_themselves_and_add_roles()
    {
        Assert.Equal(OwnAccountChange.Allowed,
            UserAdministration.CheckOwnChange([Roles.Admin, Roles.Clinician], [1, 2], [1, 2]));
    }

    [Fact]
    public void An_admin_may_not_drop_their_own_admin_role()
    {
        Assert.Equal(OwnAccountChange.DropsAdminRole,
            UserAdministration.CheckOwnChange([Roles.Clinician], [1], [1]));
    }

    [Fact]
    public void An_admin_may_not_leave_one_of_their_clinics()
    {
        Assert.Equal(OwnAccountChange.LeavesClinic,
            UserAdministration.CheckOwnChange([Roles.Admin], [1, 2], [1]));
    }
}
