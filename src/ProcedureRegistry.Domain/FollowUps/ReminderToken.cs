using System.Security.Cryptography;

namespace ProcedureRegistry.Domain.FollowUps;

/// <summary>
/// The secret in a reminder link: 256 bits, base64url (43 characters), derived from a server-side key and the
/// reminder's row (<see cref="For"/>). The database keeps only its SHA-256 hash, so a copy of the database cannot
/// answer for a patient.
/// </summary>
public static class ReminderToken
{
    public const int Bytes = 32;
    public const int TextLength = 43;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>
    /// The link token of one reminder row: HMAC-SHA256 of its id under a server-side key (256 bits, 43 characters, as
    /// <see cref="New"/>). The same row always gets the same token, so a message sent again after a crash or an
    /// outage carries the first copy's link; without the key, no token can be made or guessed from an id.
    /// </summary>
    public static string For(byte[] key, long reminderId)
    {
        if (key.Length < Bytes)
        {
            throw new ArgumentException($"A link key has at least {Bytes} bytes.", nameof(key));
        }
        return Base64Url(HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes($"reminder-link:v1:{reminderId}")));
    }

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));

    /// <summary>A well-formed token: exactly 43 base64url characters. Anything else is refused before any lookup.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TextLength } && token.All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
