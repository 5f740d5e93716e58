namespace ProcedureRegistry.Web.Data;

public static class SqlLike
{
    /// <summary>An ILIKE pattern matching <paramref name="text"/> anywhere, with its wildcards escaped.</summary>
    public static string Contains(string text) =>
        "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
