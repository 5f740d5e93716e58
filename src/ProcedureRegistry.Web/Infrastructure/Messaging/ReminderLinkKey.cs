using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ProcedureRegistry.Domain.FollowUps;

namespace ProcedureRegistry.Web.Infrastructure.Messaging;

/// <summary>
/// The server-side key reminder link tokens are derived from (<see cref="ReminderToken.For"/>), the same on every
/// instance and across restarts, so that a reminder sent twice carries one link. In order: FollowUps:LinkKey (base64,
/// at least 32 bytes); else a key derived from the data-protection certificate's RSA private key (a PKCS#1 v1.5
/// signature is deterministic, and only the holder of the key can make it), which Production must have anyway;
/// else, in Development and Testing only, a fixed development key. Any other environment without either refuses
/// to send reminders (a known key would let anyone make a patient's link from a row id).
/// </summary>
public sealed class ReminderLinkKey(IConfiguration configuration, IHostEnvironment environment)
{
    public const string Setting = "FollowUps:LinkKey";
    private readonly Lazy<byte[]> _key = new(() => Load(configuration, environment));

    public string TokenFor(long reminderId) => ReminderToken.For(_key.Value, reminderId);

    private static byte[] Load(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[Setting] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            return key.Length >= ReminderToken.Bytes
                ? key
                : throw new InvalidOperationException($"{Setting} must be at least {ReminderToken.Bytes} bytes, base64-encoded.");
        }
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } path)
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
            using var rsa = certificate.GetRSAPrivateKey()
                ?? throw new InvalidOperationException($"The data-protection certificate has no RSA private key: set {Setting}.");
            var signature = rsa.SignData("ProcedureRegistry reminder link key v1"u8.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return SHA256.HashData(signature);
        }
        if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            return SHA256.HashData("ProcedureRegistry development reminder link key"u8.ToArray());
        }
        throw new InvalidOperationException(
            $"Neither {Setting} nor DataProtection:CertificatePath is set: reminder links need a server-side key.");
    }
}
