using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>The users the current Admin administers (<see cref="AdministeredUsers"/>), searched and paged; others are not counted either.</summary>
public static class ListUsers
{
    public const int PageSize = 25;

    public sealed record Query(string? Search, int Page = 1) : IQuery<Result<Model>>;

    public sealed record Item(string Id, string Email, string DisplayName, string Roles, string Clinics, bool Deactivated, bool LockedOut)
    {
        public string Status => Deactivated ? "Deactivated" : LockedOut ? "Locked out" : "Active";
    }

    public sealed record Model(string? Search, int Page, int TotalCount, IReadOnlyList<Item> Items)
    {
        public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
    }

    internal sealed class Handler(RegistryDbContext db, AdministeredUsers administered, TimeProvider clock) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            var page = Math.Max(1, query.Page);
            var users = (await administered.QueryAsync(cancellationToken)).AsNoTracking();
            var search = query.Search?.Trim();
            if (!string.IsNullOrEmpty(search))
            {
                var pattern = SqlLike.Contains(search);
                users = users.Where(u => EF.Functions.ILike(u.Email!, pattern, SqlLike.Escape) || EF.Functions.ILike(u.DisplayName, pattern, SqlLike.Escape));
            }
            var total = await users.CountAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var items = await users
                .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .Select(u => new Item(
                    u.Id,
                    u.Email!,
                    u.DisplayName,
                    string.Join(", ", (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name)),
                    string.Join(", ", (from m in db.ClinicMemberships join c in db.Clinics on m.ClinicId equals c.Id where m.UserId == u.Id select c.Code)),
                    u.DeactivatedAt != null,
                    u.LockoutEnd != null && u.LockoutEnd > now))
                .ToListAsync(cancellationToken);
            return Result.Ok(new Model(search, page, total, items));
        }
    }
}
