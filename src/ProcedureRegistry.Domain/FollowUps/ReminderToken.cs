using System.Security.Cryptography;

namespace ProcedureRegistry.Domain.FollowUps;

/// <summary>
/// The secret in a reminder link: 256 random bits, base64url (43 characters). The database keeps only its SHA-256
/// hash, so a copy of the database cannot answer for a patient.
/// </summary>
public static class ReminderToken
{
    public const int Bytes = 32;
    public const int TextLength = 43;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(Bytes));

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));

    /// <summary>A well-formed token: exactly 43 base64url characters. Anything else is refused before any lookup.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TextLength } && token.All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
