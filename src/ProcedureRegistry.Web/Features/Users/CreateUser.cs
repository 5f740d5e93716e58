using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>
/// Creates a staff account with one role and one or more clinics. The initial password is random, returned once
/// to be handed over, and never stored in clear. Used by Admins (into their own clinics only) and by the create-admin and
/// seed-demo commands.
/// </summary>
public static class CreateUser
{
    public sealed class Command : ICommand<Result<Created>>
    {
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public string? Role { get; set; }
        public List<int> ClinicIds { get; set; } = [];
        /// <summary>The clinics to choose from (the Admin's own), for the page; never bound from the post.</summary>
        [BindNever]
        public IReadOnlyList<ListClinics.Item> Clinics { get; set; } = [];
        public string AuditAction => "CreateUser";
    }

    /// <summary>A refused new user goes back with the clinics to choose from.</summary>
    internal sealed class Page(RegistryDbContext db, ClinicScope scope) : IFormPage<Command>
    {
        public async Task<bool> LoadAsync(Command form, CancellationToken cancellationToken)
        {
            form.Clinics = await ListClinics.ReadAsync(db, scope, cancellationToken);
            return true;
        }
    }

    public sealed record Created(string UserId, string Email, string InitialPassword);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Email is required.")
                .MaximumLength(256).WithMessage("Email must be at most 256 characters.")
                .MustBeEmailAddress();
            RuleFor(c => c.DisplayName).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Display name is required.")
                .MaximumLength(AppUser.DisplayNameMaxLength).WithMessage($"Display name must be at most {AppUser.DisplayNameMaxLength} characters.");
            RuleFor(c => c.Role).Must(Roles.IsKnown)
                .WithMessage($"Role must be one of: {string.Join(", ", Roles.All)}.");
            RuleFor(c => c.ClinicIds).NotEmpty().WithMessage("Choose at least one clinic.");
        }
    }

    internal sealed class Handler(AdministeredUsers administered, UserManager<AppUser> users, TimeProvider clock)
        : IRequestHandler<Command, Result<Created>>
    {
        public async Task<Result<Created>> Handle(Command command, CancellationToken cancellationToken)
        {
            var clinicIds = command.ClinicIds.Distinct().ToList();
            if (!await administered.MayAdministerAsync(clinicIds, cancellationToken))
            {
                return Fail.Invalid(nameof(Command.ClinicIds), AdministeredUsers.ClinicNotYours);
            }
            if (await users.FindByEmailAsync(command.Email!) is not null)
            {
                return Fail.Invalid(nameof(Command.Email), $"A user with email {command.Email} already exists.");
            }

            var user = new AppUser
            {
                UserName = command.Email,
                Email = command.Email,
                EmailConfirmed = true,
                DisplayName = command.DisplayName!.Trim(),
                CreatedAt = clock.GetUtcNow(),
                Clinics = clinicIds.Select(id => new ClinicMembership { ClinicId = id }).ToList(),
            };
            var password = PasswordGenerator.Generate();
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return Fail.Invalid("", string.Join(" ", created.Errors.Select(e => e.Description)));
            }
            var inRole = await users.AddToRoleAsync(user, command.Role!);
            if (!inRole.Succeeded)
            {
                return Fail.Invalid(nameof(Command.Role), string.Join(" ", inRole.Errors.Select(e => e.Description)));
            }
            return Result.Ok(new Created(user.Id, user.Email!, password), user.Id);
        }
    }
}
