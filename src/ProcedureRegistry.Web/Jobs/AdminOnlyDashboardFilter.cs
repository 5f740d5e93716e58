using Hangfire.Dashboard;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.Web.Jobs;

/// <summary>The Hangfire dashboard at /jobs is for Admins only (the endpoint's policy checks it too).</summary>
public sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.Can(Capability.ViewJobsDashboard);
}
