using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using QRCoder;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>
/// The enrolment page's content: the shared key (in groups of four, to type by hand) and the same key as a QR code,
/// rendered here as SVG (no script, so the strict CSP holds). The first visit creates the user's key; enrolment
/// only counts once <see cref="EnableAuthenticator"/> has checked a code made from it.
/// </summary>
public static class GetAuthenticatorSetup
{
    public const string Issuer = "ProcedureRegistry";

    public sealed record Query : IQuery<Result<Model>>;

    public sealed record Model(string SharedKey, string QrCodeSvg, bool AlreadyEnabled);

    internal sealed class Handler(UserManager<AppUser> users, ICurrentUser current, AccountSession session) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken) =>
            await ReadAsync(users, current, session) is { } model ? Result.Ok(model, current.UserId) : Fail.NotFound();
    }

    /// <summary>The signed-in user's setup, their key made on the first call; null without a signed-in user.</summary>
    internal static async Task<Model?> ReadAsync(UserManager<AppUser> users, ICurrentUser current, AccountSession session)
    {
        var user = await users.SignedInAsync(current);
        if (user is null)
        {
            return null;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Creating the key changes the security stamp: keep this session (there is no other factor to lose yet).
            await users.ResetAuthenticatorKeyAsync(user);
            await session.RenewAsync(user, current.Principal?.PassedTwoFactor() == true);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email!)}" +
                  $"?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new Model(Grouped(key), QrCodeSvg(uri), await users.GetTwoFactorEnabledAsync(user));
    }

    private static string Grouped(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(chunk => new string(chunk)));

    private static string QrCodeSvg(string text)
    {
        using var data = new QRCodeGenerator().CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
