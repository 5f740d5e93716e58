namespace ProcedureRegistry.Domain.Clinics;

/// <summary>A pain clinic. Every patient, procedure and user membership belongs to one; data never crosses clinics.</summary>
public sealed class Clinic
{
    public const int NameMaxLength = 200;
    public const int CodeMaxLength = 20;

    /// <summary>Short code: 2 to 20 upper-case letters, digits or dashes (e.g. "DEMO", "NORTH-1").</summary>
    public static bool IsValidCode(string? code) =>
        code is { Length: >= 2 and <= CodeMaxLength } && code.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '-');

    private Clinic() { }

    public Clinic(string code, string name, string timeZone)
    {
        Code = code;
        Name = name;
        TimeZone = timeZone;
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>IANA time zone id; the default for the clinic's patients' reminder quiet hours.</summary>
    public string TimeZone { get; private set; } = "UTC";
    /// <summary>Everyone who works in this clinic must sign in with an authenticator code as well as a password.</summary>
    public bool RequireTwoFactor { get; private set; }
    public uint Version { get; private set; }

    public void Rename(string name) => Name = name;

    public void ChangeSettings(string name, string timeZone, bool requireTwoFactor)
    {
        Name = name;
        TimeZone = timeZone;
        RequireTwoFactor = requireTwoFactor;
    }
}
