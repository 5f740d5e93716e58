using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Web.Data;

/// <summary>SQL fragments for CHECK constraints, built from the domain's own lists so the two cannot drift.</summary>
public static class SqlChecks
{
    public static string In(string column, IEnumerable<string> values) =>
        $"{column} IN ({string.Join(", ", values.Select(v => "'" + v.Replace("'", "''") + "'"))})";

    public static string EnumIn<TEnum>(string column) where TEnum : struct, Enum => In(column, Enum.GetNames<TEnum>());

    public static string Segment(string column) => In(column, SpinalSegment.Codes);

    public static string Between(string column, decimal low, decimal high) => $"{column} BETWEEN {low} AND {high}";
}
