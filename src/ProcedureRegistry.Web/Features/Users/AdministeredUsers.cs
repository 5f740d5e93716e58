using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>
/// The users the current Admin administers (<see cref="UserAdministration.MayAdminister"/>): every user handler finds
/// its user and checks the clinics it assigns here, so a user of another clinic answers NotFound (404) and is absent
/// from lists and counts. The operator (command line) administers every user.
/// </summary>
public sealed class AdministeredUsers(RegistryDbContext db, UserManager<AppUser> users, ClinicScope scope)
{
    /// <summary>The administered users, as a query to filter, count and page.</summary>
    public async Task<IQueryable<AppUser>> QueryAsync(CancellationToken cancellationToken)
    {
        if (scope.IsOperator)
        {
            return db.Users;
        }
        var own = await scope.ClinicIdsAsync(cancellationToken);
        // UserAdministration.MayAdminister in SQL: at least one clinic, and none that is not the Admin's.
        return db.Users.Where(u => db.ClinicMemberships.Any(m => m.UserId == u.Id)
            && !db.ClinicMemberships.Any(m => m.UserId == u.Id && !own.Contains(m.ClinicId)));
    }

    /// <summary>The user (tracked, to change), or null when there is none the current Admin administers.</summary>
    public async Task<AppUser?> FindAsync(string? userId, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        return user is not null && await MayAdministerAsync(await ClinicIdsOfAsync(user.Id, cancellationToken), cancellationToken)
            ? user
            : null;
    }

    public Task<List<int>> ClinicIdsOfAsync(string userId, CancellationToken cancellationToken) =>
        db.ClinicMemberships.Where(m => m.UserId == userId).Select(m => m.ClinicId).ToListAsync(cancellationToken);

    /// <summary>
    /// True when a user of <paramref name="clinicIds"/> is one the current Admin may administer, so may be created or
    /// edited into them. The operator may use every clinic that exists.
    /// </summary>
    public async Task<bool> MayAdministerAsync(IReadOnlyCollection<int> clinicIds, CancellationToken cancellationToken)
    {
        var allowed = scope.IsOperator
            ? await db.Clinics.Where(c => clinicIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken)
            : await scope.ClinicIdsAsync(cancellationToken);
        return UserAdministration.MayAdminister(allowed, clinicIds);
    }

    /// <summary>The one message for a clinic that does not exist and one that is not the Admin's: ids leak nothing.</summary>
    public const string ClinicNotYours = "One of the chosen clinics does not exist or is not one of your clinics.";
}
