using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>
/// An Admin changes a user's display name, roles and clinics (among the Admin's own clinics only). A change of roles or
/// clinics gives the user a new security stamp, which ends every open session of theirs: they sign in again and get
/// what the new roles allow.
/// </summary>
public static class EditUser
{
    public sealed record Query(string UserId) : IQuery<Result<Command>>;

    public sealed class Command : ICommand<Result>
    {
        /// <summary>From the route only (the controller sets it).</summary>
        public string? UserId { get; set; }
        public string? DisplayName { get; set; }
        public List<string> Roles { get; set; } = [];
        public List<int> ClinicIds { get; set; } = [];
        /// <summary>Whom the form edits, for the page's heading; never bound from the post.</summary>
        [BindNever]
        public FindUser.Target? Target { get; set; }
        /// <summary>The clinics to choose from (the Admin's own), for the page; never bound from the post.</summary>
        [BindNever]
        public IReadOnlyList<ListClinics.Item> Clinics { get; set; } = [];
        public string AuditAction => "EditUser";
    }

    /// <summary>The form's page: whom it edits, and the clinics to choose from; nothing when the Admin does not administer the user.</summary>
    internal sealed class Page(RegistryDbContext db, ClinicScope scope, AdministeredUsers administered) : IFormPage<Command>
    {
        public async Task<bool> LoadAsync(Command form, CancellationToken cancellationToken)
        {
            if (await administered.FindAsync(form.UserId, cancellationToken) is not { } user)
            {
                return false;
            }
            form.Target = FindUser.TargetOf(user);
            form.Clinics = await ListClinics.ReadAsync(db, scope, cancellationToken);
            return true;
        }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.DisplayName).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Display name is required.")
                .MaximumLength(AppUser.DisplayNameMaxLength).WithMessage($"Display name must be at most {AppUser.DisplayNameMaxLength} characters.");
            RuleFor(c => c.Roles).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Choose at least one role.")
                .Must(roles => roles.All(Domain.Access.Roles.IsKnown))
                .WithMessage($"Roles must be among: {string.Join(", ", Domain.Access.Roles.All)}.");
            RuleFor(c => c.ClinicIds).NotEmpty().WithMessage("Choose at least one clinic.");
        }
    }

    public const string OwnAdminRole = "You cannot remove your own Admin role: another Admin of your clinics must do it.";
    public const string OwnClinic = "You cannot remove yourself from one of your clinics: another Admin of that clinic must do it.";

    internal sealed class QueryHandler(AdministeredUsers administered, UserManager<AppUser> users, RegistryDbContext db, ClinicScope scope)
        : IRequestHandler<Query, Result<Command>>
    {
        public async Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await administered.FindAsync(query.UserId, cancellationToken) is not { } user)
            {
                return Fail.NotFound();
            }
            return Result.Ok(new Command
            {
                UserId = user.Id,
                DisplayName = user.DisplayName,
                Roles = [.. await users.GetRolesAsync(user)],
                ClinicIds = await administered.ClinicIdsOfAsync(user.Id, cancellationToken),
                Target = FindUser.TargetOf(user),
                Clinics = await ListClinics.ReadAsync(db, scope, cancellationToken),
            });
        }
    }

    internal sealed class Handler(RegistryDbContext db, AdministeredUsers administered, UserManager<AppUser> users, ICurrentUser current)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await administered.FindAsync(command.UserId, cancellationToken) is not { } user)
            {
                return Result.NotFound();
            }
            var clinicIds = command.ClinicIds.Distinct().ToList();
            if (!await administered.MayAdministerAsync(clinicIds, cancellationToken))
            {
                return Result.Invalid(nameof(Command.ClinicIds), AdministeredUsers.ClinicNotYours);
            }
            var roles = command.Roles.Distinct().ToList();
            var rolesBefore = await users.GetRolesAsync(user);
            var clinicsBefore = await administered.ClinicIdsOfAsync(user.Id, cancellationToken);
            if (user.Id == current.UserId)
            {
                switch (UserAdministration.CheckOwnChange(roles, clinicsBefore, clinicIds))
                {
                    case OwnAccountChange.DropsAdminRole: return Result.Invalid(nameof(Command.Roles), OwnAdminRole);
                    case OwnAccountChange.LeavesClinic: return Result.Invalid(nameof(Command.ClinicIds), OwnClinic);
                }
            }

            user.DisplayName = command.DisplayName!.Trim();
            var memberships = await db.ClinicMemberships.Where(m => m.UserId == user.Id).ToListAsync(cancellationToken);
            db.ClinicMemberships.RemoveRange(memberships.Where(m => !clinicIds.Contains(m.ClinicId)));
            db.ClinicMemberships.AddRange(clinicIds.Except(clinicsBefore).Select(id => new ClinicMembership { UserId = user.Id, ClinicId = id }));
            var roleIds = await db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id).ToListAsync(cancellationToken);
            var userRoles = await db.UserRoles.Where(ur => ur.UserId == user.Id).ToListAsync(cancellationToken);
            db.UserRoles.RemoveRange(userRoles.Where(ur => !roleIds.Contains(ur.RoleId)));
            db.UserRoles.AddRange(roleIds.Except(userRoles.Select(ur => ur.RoleId)).Select(id => new IdentityUserRole<string> { UserId = user.Id, RoleId = id }));

            // One save for everything tracked: the user row, its memberships and its roles.
            var accessChanged = !rolesBefore.ToHashSet().SetEquals(roles) || !clinicsBefore.ToHashSet().SetEquals(clinicIds);
            var saved = accessChanged ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
            return saved.Succeeded ? Result.Ok(user.Id) : UserSaveFailure.Of(saved);
        }
    }
}

/// <summary>What to tell an Admin when Identity refuses to save a user.</summary>
internal static class UserSaveFailure
{
    public static Result Of(IdentityResult saved) =>
        saved.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
            ? Result.Conflict("Someone else changed this user meanwhile. Reload the page and try again.")
            : Result.Invalid("", string.Join(" ", saved.Errors.Select(e => e.Description)));
}
