using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;

namespace ProcedureRegistry.Web.Infrastructure.Identity;

/// <summary>
/// The clinics whose data the current user may see, and what their roles allow. Handlers filter every query by
/// <see cref="ClinicIdsAsync"/>; a record of another clinic answers NotFound (404), so ids leak nothing.
/// </summary>
public sealed class ClinicScope(RegistryDbContext db, ICurrentUser user)
{
    private IReadOnlyList<int>? _clinicIds;

    public async Task<IReadOnlyList<int>> ClinicIdsAsync(CancellationToken cancellationToken = default) =>
        _clinicIds ??= user.UserId is null
            ? []
            : await db.ClinicMemberships.Where(m => m.UserId == user.UserId).Select(m => m.ClinicId).ToListAsync(cancellationToken);

    public async Task<bool> IncludesAsync(int clinicId, CancellationToken cancellationToken = default) =>
        (await ClinicIdsAsync(cancellationToken)).Contains(clinicId);

    /// <summary>
    /// True for the command line and jobs (no web request, so no signed-in user): the registry's operator, who is not
    /// bound to clinics. A web request always has a principal, signed in or anonymous, so it is never the operator.
    /// </summary>
    public bool IsOperator => user.Principal is null;

    /// <summary>Checked again in the handler, beside the controller's policy: a request may come from a job or the command line.</summary>
    public bool Can(Capability capability) => user.Principal?.Can(capability) == true;
}
