using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.Web.Infrastructure.Identity;

/// <summary>
/// Identity's EF store, except that two-factor recovery codes are kept as SHA-256 hashes (Identity keeps them in
/// clear): a copy of the database does not give away codes that sign in. The codes are random (about 50 bits), so an
/// unsalted hash suffices. Codes are compared without dashes, spaces or case, as people type them.
/// </summary>
public sealed class RegistryUserStore(RegistryDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, RegistryDbContext>(context, describer)
{
    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken = default) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(Hash), cancellationToken);

    public override Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken = default) =>
        base.RedeemCodeAsync(user, Hash(code), cancellationToken);

    private static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TwoFactor.Normalize(code).ToUpperInvariant())));
}
