using System.Text.RegularExpressions;
using Npgsql;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Data.Migrations;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>
/// Each database function and trigger is defined in one file under db/functions or db/triggers, and that file is
/// what the database holds: every file is embedded and applied by a migration, every function and trigger of the
/// migrated database comes from the file of its name, with the file's body, and no other file of the repository defines
/// one (but db/schema.sql, the migrations' generated script).
/// </summary>
public sealed partial class DatabaseRuleFilesTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string[] Folders = ["functions", "triggers"];

    private static IEnumerable<string> FilesOnDisk() => Folders.SelectMany(folder =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "db", folder), "*.sql").Select(f => $"{folder}/{Path.GetFileName(f)}"));

    [Fact]
    public void Every_rule_file_is_embedded_and_applied_by_a_migration()
    {
        var onDisk = FilesOnDisk().Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(onDisk);
        Assert.Equal(onDisk, DatabaseRules.Files);
        Assert.Equal(onDisk, DatabaseRules.AppliedByMigrations.Order(StringComparer.Ordinal));
        // Within each migration's list, functions come before the triggers that call them.
        foreach (var list in new[] { Baseline.BaselineRuleFiles, BlindedControlledBlocks.RuleFiles })
        {
            Assert.Equal(list.OrderBy(f => f.StartsWith("triggers/", StringComparison.Ordinal)), list);
        }
    }

    [Fact]
    public async Task Every_function_and_trigger_of_the_database_is_the_one_its_file_defines()
    {
        // What each file defines, with the body the migration applied (the Domain's constants put in).
        var functions = new Dictionary<string, (string File, string Body)>();
        var triggers = new Dictionary<string, string>();
        foreach (var file in DatabaseRules.Files)
        {
            var sql = DatabaseRules.Apply(file);
            var name = Path.GetFileNameWithoutExtension(file);
            foreach (Match m in FunctionDefinition().Matches(sql))
            {
                Assert.True(functions.TryAdd(m.Groups[1].Value, (file, m.Groups[2].Value)), $"function {m.Groups[1].Value} is defined in two files");
                Assert.Equal(name, m.Groups[1].Value);
            }
            foreach (Match m in TriggerDefinition().Matches(sql))
            {
                Assert.True(triggers.TryAdd(m.Groups[1].Value, file), $"trigger {m.Groups[1].Value} is defined in two files");
                Assert.Equal(name, m.Groups[1].Value);
            }
            Assert.True(functions.Values.Any(f => f.File == file) || triggers.ContainsValue(file), $"db/{file} defines no function or trigger");
        }

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var inDatabase = new Dictionary<string, string>();
        await using (var command = new NpgsqlCommand("SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                inDatabase[reader.GetString(0)] = reader.GetString(1);
            }
        }
        Assert.Equal(functions.Keys.Order(StringComparer.Ordinal), inDatabase.Keys.Order(StringComparer.Ordinal));
        Assert.All(functions, f => Assert.True(f.Value.Body == inDatabase[f.Key], $"the database's {f.Key} is not the one in db/{f.Value.File}"));

        var triggerNames = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                triggerNames.Add(reader.GetString(0));
            }
        }
        Assert.Equal(triggers.Keys.Order(StringComparer.Ordinal), triggerNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_other_file_of_the_repository_defines_a_function_or_a_trigger()
    {
        // db/schema.sql is the migrations' generated script (PlatformTests keeps it equal to them), so it holds a copy.
        string[] generated = [Path.Combine("db", "schema.sql")];
        string[] skipped = [".git", "bin", "obj", "node_modules"];
        var ruleFolders = Folders.Select(f => Path.Combine("db", f) + Path.DirectorySeparatorChar).ToList();
        var offenders = Directory.EnumerateFiles(RepositoryRoot.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => skipped.Contains(part)))
            .Where(f => Path.GetExtension(f) is ".cs" or ".sql" or ".sh" or ".cshtml" or ".json" or ".yml")
            .Where(f => !generated.Contains(f) && !ruleFolders.Any(folder => f.StartsWith(folder, StringComparison.Ordinal)))
            .Where(f => f != Path.Combine("tests", "ProcedureRegistry.IntegrationTests", "Platform", "DatabaseRuleFilesTests.cs"))
            .Where(f => AnyDefinition().IsMatch(File.ReadAllText(Path.Combine(RepositoryRoot.Path, f))))
            .ToList();
        Assert.True(offenders.Count == 0, "define database functions and triggers in db/functions or db/triggers, not in " + string.Join(", ", offenders));
    }

    [GeneratedRegex(@"CREATE OR REPLACE FUNCTION (\w+)\(.*?AS \$\$(.*?)\$\$;", RegexOptions.Singleline)]
    private static partial Regex FunctionDefinition();

    [GeneratedRegex(@"CREATE (?:OR REPLACE )?(?:CONSTRAINT )?TRIGGER (\w+)")]
    private static partial Regex TriggerDefinition();

    [GeneratedRegex(@"CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?(?:FUNCTION|TRIGGER|PROCEDURE)\s", RegexOptions.IgnoreCase)]
    private static partial Regex AnyDefinition();
}
