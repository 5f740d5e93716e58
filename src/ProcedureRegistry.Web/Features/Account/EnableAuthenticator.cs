using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>
/// Finishes enrolment: a code from the app proves it holds the key; two-factor sign-in is turned on, ten recovery
/// codes are made (returned once, stored hashed by <see cref="RegistryUserStore"/>), and this session counts as having passed two-factor
/// sign-in. The security stamp changes, so other sessions of the user end.
/// </summary>
public static class EnableAuthenticator
{
    public sealed class Command : ICommand<Result<IReadOnlyList<string>>>
    {
        public string? Code { get; set; }
        public string? ReturnUrl { get; set; }
        /// <summary>The key to scan or type, for the page (its query, or a refusal's page); never bound from the post.</summary>
        [BindNever]
        public GetAuthenticatorSetup.Model? Setup { get; set; }
        public string AuditAction => "EnableTwoFactor";
    }

    /// <summary>A refused code goes back to the page with the key (made now if the user has none yet, as the page itself does).</summary>
    internal sealed class Page(UserManager<AppUser> users, ICurrentUser current, AccountSession session) : IFormPage<Command>
    {
        public async Task<bool> LoadAsync(Command form, CancellationToken cancellationToken)
        {
            form.Setup = await GetAuthenticatorSetup.ReadAsync(users, current, session);
            return form.Setup is not null;
        }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Code is required.")
                .Must(c => TwoFactor.Normalize(c) is { Length: 6 } code && code.All(char.IsAsciiDigit))
                .WithMessage("Code must be the 6 digits your authenticator app shows.");
        }
    }

    internal sealed class Handler(UserManager<AppUser> users, ICurrentUser current, AccountSession session)
        : IRequestHandler<Command, Result<IReadOnlyList<string>>>
    {
        public async Task<Result<IReadOnlyList<string>>> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.SignedInAsync(current);
            if (user is null || string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
            {
                return Fail.NotFound();
            }
            var provider = users.Options.Tokens.AuthenticatorTokenProvider;
            if (!await users.VerifyTwoFactorTokenAsync(user, provider, TwoFactor.Normalize(command.Code)))
            {
                return Fail.Invalid(nameof(Command.Code),
                    "The code does not match. Check that the app shows ProcedureRegistry and enter the code it shows now.");
            }
            await users.SetTwoFactorEnabledAsync(user, true);
            var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactor.RecoveryCodeCount))!.ToList();
            await session.RenewAsync(user, passedTwoFactor: true);
            return Result.Ok<IReadOnlyList<string>>(codes, user.Id);
        }
    }
}
