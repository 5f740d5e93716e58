using MediatR;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>One user the current Admin administers, for a confirmation page; any other id answers NotFound.</summary>
public static class FindUser
{
    public sealed record Query(string UserId) : IQuery<Result<Target>>;

    public sealed record Target(string UserId, string Email, string DisplayName, bool Deactivated);

    internal sealed class Handler(AdministeredUsers administered) : IRequestHandler<Query, Result<Target>>
    {
        public async Task<Result<Target>> Handle(Query query, CancellationToken cancellationToken) =>
            await administered.FindAsync(query.UserId, cancellationToken) is { } user ? Result.Ok(TargetOf(user)) : Fail.NotFound();
    }

    /// <summary>Who the page is about, as the user is now (read it before changing them).</summary>
    internal static Target TargetOf(AppUser user) => new(user.Id, user.Email!, user.DisplayName, user.DeactivatedAt is not null);
}
