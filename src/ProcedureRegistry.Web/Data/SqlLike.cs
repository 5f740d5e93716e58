namespace ProcedureRegistry.Web.Data;

public static class SqlLike
{
    /// <summary>The escape character <see cref="Contains"/> uses; pass it to EF.Functions.ILike.</summary>
    public const string Escape = "\\";

    /// <summary>An ILIKE pattern matching <paramref name="text"/> anywhere, with its wildcards escaped.</summary>
    public static string Contains(string text) =>
        "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
