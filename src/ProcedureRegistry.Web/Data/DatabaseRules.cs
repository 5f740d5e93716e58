using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Web.Data;

/// <summary>
/// The rules that live in the database (docs/database-rules.md): each function and trigger is one file under
/// db/functions or db/triggers, embedded in this assembly and applied by a migration (<see cref="Apply"/>). A rule
/// that SQL and C# both need is written once, in the Domain: a file names it as <c>:name</c> (as psql variables are
/// written) and gets the Domain's value when it is applied, and the report's queries take the agent classes the
/// same way (<see cref="WithAgentClasses"/>). DatabaseRulesTests proves the database and the Domain agree.
/// </summary>
public static partial class DatabaseRules
{
    /// <summary>The Domain's constants a rule file may name.</summary>
    public static IReadOnlyDictionary<string, int> Variables { get; } = new Dictionary<string, int>
    {
        // A diary needs a score this soon after the block to be classified (BlockRules.EarlyWindow).
        ["diary_early_minutes"] = (int)BlockRules.EarlyWindow.TotalMinutes,
        // Treatment success is read at the answered follow-up nearest 3 months (ThreeMonthReading).
        ["reading_days"] = ThreeMonthReading.TargetDays,
        ["reading_min_days"] = ThreeMonthReading.MinDays,
        ["reading_max_days"] = ThreeMonthReading.MaxDays,
    };

    /// <summary>Every rule file embedded in this assembly, as "functions/x.sql" or "triggers/y.sql".</summary>
    public static IReadOnlyList<string> Files { get; } =
        [.. typeof(DatabaseRules).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)];

    /// <summary>Every rule file in the order the migrations apply them: the baseline's, then each later migration's.</summary>
    public static IReadOnlyList<string> AppliedByMigrations { get; } =
        [.. Migrations.Baseline.BaselineRuleFiles, .. Migrations.BlindedControlledBlocks.RuleFiles];

    private const string ResourcePrefix = "db/";

    /// <summary>The SQL of a rule file ("functions/refresh_block_cases.sql") with the Domain's values put in.</summary>
    public static string Apply(string file)
    {
        using var stream = typeof(DatabaseRules).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new ArgumentException($"No database rule file db/{file} is embedded in {Assembly.GetExecutingAssembly().GetName().Name}.", nameof(file));
        using var reader = new StreamReader(stream);
        return Substitute(reader.ReadToEnd(), file);
    }

    internal static string Substitute(string sql, string file) => VariablePattern().Replace(sql, match =>
        Variables.TryGetValue(match.Groups[1].Value, out var value)
            ? value.ToString(CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"db/{file} names :{match.Groups[1].Value}, which is not one of DatabaseRules.Variables."));

    /// <summary>
    /// A query with <c>{{ShortActing}}</c> and <c>{{LongActing}}</c> replaced by the quoted names of the agents of
    /// each class (<see cref="BlockAgentExtensions.ExpectedDuration"/>): a comparative pair is one short- and one
    /// long-acting agent.
    /// </summary>
    public static string WithAgentClasses(string sql) => sql
        .Replace("{{ShortActing}}", Agents(AgentDuration.Short), StringComparison.Ordinal)
        .Replace("{{LongActing}}", Agents(AgentDuration.Long), StringComparison.Ordinal);

    private static string Agents(AgentDuration duration) =>
        string.Join(", ", Enum.GetValues<BlockAgent>().Where(a => a.ExpectedDuration() == duration).Select(a => $"'{a}'"));

    // :name, but not the second colon of a cast (::text) nor an assignment (:=).
    [GeneratedRegex(@"(?<![:\w]):([a-z_][a-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
