using System.Text.RegularExpressions;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>
/// Every path and command that README.md and docs/**/*.md name exists, read from the files themselves (no database):
/// <list type="bullet">
/// <item>relative markdown links and images point at a file or folder, relative to the document;</item>
/// <item>a backticked path (<c>src/...</c>, <c>db/...</c>, <c>Features/Reports/ViewReport</c>, <c>Platform/RouteIdTests</c>),
/// and the first word of each line of a fenced block when it is a path, is a file or folder under the repository root,
/// <c>src/ProcedureRegistry.Web</c>, <c>src/ProcedureRegistry.Domain</c> or a <c>tests/</c> project, or under a project
/// named by its short name (<c>Domain/</c>, <c>Domain.Tests/</c>, <c>BrowserTests/</c>); without an extension it may
/// name a <c>.cs</c>/<c>.cshtml</c>/<c>.sql</c>/<c>.md</c>/<c>.sh</c> file or a type declared in that folder. A
/// backticked file name without a folder (<c>Runtime.props</c>) is some file of the repository;</item>
/// <item><c>dotnet run ... --project P -- SUB</c>: P exists and its program handles SUB (the literals it compares its
/// first argument with); <c>dotnet X.dll SUB</c> likewise for project X; <c>dotnet test P --filter F</c>: P exists and
/// each name in F is part of a test's full name in P; <c>bash X</c> and a line starting with a script path: X exists, and
/// each <c>--option</c> after it appears in the script.</item>
/// </list>
/// Not paths: absolute paths and routes (<c>/reports/{id}</c>), URLs, anything with a placeholder (<c>&lt;Area&gt;</c>,
/// <c>{id}</c>, <c>*</c>, <c>…</c>), UPPER-CASE arguments (<c>EMAIL</c>) and what the build or a run makes (<c>bin/</c>,
/// <c>obj/</c>, <c>.data/</c>, <c>node_modules/</c>).
/// </summary>
public sealed class DocumentationTests
{
    private static readonly string Root = RepositoryRoot.Path;
    private static readonly string[] IgnoredFolders = ["bin", "obj", "TestResults", ".data", ".git", "node_modules"];
    private static readonly string[] ImpliedExtensions = [".cs", ".cshtml", ".sql", ".md", ".sh", ".json"];
    private static readonly Regex CodeSpan = new("`([^`]+)`");
    private static readonly Regex Link = new(@"!?\[[^\]]*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)");
    private static readonly Regex PathLike = new(@"^[A-Za-z0-9_.+\-]+(/[A-Za-z0-9_.+\-]+)*/?$");
    private static readonly Regex FileName = new(@"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*\.(cs|cshtml|sql|md|sh|json|props|yml|csproj|sln|css|csv|pdf|png)$");

    [Fact]
    public void Every_relative_link_of_the_docs_points_at_a_file()
    {
        var missing = new List<string>();
        foreach (var (document, number, line) in ProseLines())
        {
            foreach (Match link in Link.Matches(CodeSpan.Replace(line, "")))
            {
                var target = link.Groups[1].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains(':'))
                {
                    continue; // an anchor in the page, or a URL (https:, mailto:)
                }
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.Combine(Root, document))!, Uri.UnescapeDataString(target)));
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    missing.Add($"{document}:{number}: link ({target}) points at nothing");
                }
            }
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_path_the_docs_name_exists()
    {
        var missing = new List<string>();
        foreach (var (document, number, text) in PathCandidates())
        {
            if (!PathExists(text))
            {
                missing.Add($"{document}:{number}: `{text}` is no file or folder of the repository");
            }
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_command_the_docs_give_runs_something_that_exists()
    {
        var problems = new List<string>();
        foreach (var (document, number, text) in CommandCandidates())
        {
            foreach (var segment in text.Split(["&&", ";", "||"], StringSplitOptions.TrimEntries))
            {
                foreach (var problem in CheckCommand(Words(segment)))
                {
                    problems.Add($"{document}:{number}: `{segment}`: {problem}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_checks_see_the_docs_references_and_catch_missing_ones()
    {
        // Guards the extraction itself: a rule that silently matched nothing would pass the tests above.
        Assert.Contains(PathCandidates(), c => c.Text == "db/schema.sql");
        Assert.Contains(CommandCandidates(), c => c.Text.Contains("--project tests/ProcedureRegistry.Benchmarks -- report"));
        Assert.Contains(CommandCandidates(), c => c.Text.Contains("dotnet test tests/ProcedureRegistry.IntegrationTests --filter"));
        Assert.False(PathExists("src/ProcedureRegistry.Web/NoSuchFolder"));
        Assert.False(PathExists("Features/Reports/NoSuchUseCase"));
        Assert.True(PathExists("Platform/DocumentationTests"));
        Assert.NotEmpty(CheckCommand(Words("dotnet run --project tests/ProcedureRegistry.Benchmarks -- no-such-benchmark")));
        Assert.NotEmpty(CheckCommand(Words("dotnet run --project src/ProcedureRegistry.Web -- no-such-command")));
        Assert.Empty(CheckCommand(Words("dotnet run --project src/ProcedureRegistry.Web -- seed-demo 300")));
        Assert.NotEmpty(CheckCommand(Words("dotnet test tests/ProcedureRegistry.IntegrationTests --filter No_such_test_anywhere")));
        Assert.NotEmpty(CheckCommand(Words("deploy/run.sh --no-such-option")));
    }

    /// <summary>README.md and every document under docs/, as paths relative to the repository root.</summary>
    private static IEnumerable<string> Documents() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal));

    /// <summary>Each line of every document, with whether it lies in a fenced code block.</summary>
    private static IEnumerable<(string Document, int Number, string Line, bool Fenced)> Lines()
    {
        foreach (var document in Documents())
        {
            var fenced = false;
            var number = 0;
            foreach (var line in File.ReadLines(Path.Combine(Root, document)))
            {
                number++;
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    fenced = !fenced;
                    continue;
                }
                yield return (document, number, line, fenced);
            }
        }
    }

    private static IEnumerable<(string Document, int Number, string Line)> ProseLines() =>
        Lines().Where(l => !l.Fenced).Select(l => (l.Document, l.Number, l.Line));

    /// <summary>Backticked spans without spaces that look like paths, and the first word of fenced lines.</summary>
    private static List<(string Document, int Number, string Text)> PathCandidates()
    {
        var candidates = new List<(string, int, string)>();
        foreach (var (document, number, line, fenced) in Lines())
        {
            var texts = fenced
                ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(1)
                : CodeSpan.Matches(line).Select(m => m.Groups[1].Value.Trim());
            foreach (var text in texts)
            {
                if (PathLike.IsMatch(text) && (text.Contains('/') || FileName.IsMatch(text)) && !IsRunOutput(text))
                {
                    candidates.Add((document, number, text));
                }
            }
        }
        return candidates;
    }

    /// <summary>Backticked spans and fenced lines that hold a command.</summary>
    private static List<(string Document, int Number, string Text)> CommandCandidates()
    {
        var candidates = new List<(string, int, string)>();
        foreach (var (document, number, line, fenced) in Lines())
        {
            var texts = fenced ? [line.Trim()] : CodeSpan.Matches(line).Select(m => m.Groups[1].Value.Trim());
            candidates.AddRange(texts.Where(t => t.Contains(' ') && (Regex.IsMatch(t, @"(^|\s)(dotnet|bash)\s") || StartsWithPath(Words(t))))
                .Select(t => (document, number, t)));
        }
        return candidates;
    }

    private static bool IsRunOutput(string path) => path.Split('/').Any(IgnoredFolders.Contains);

    private static bool PathExists(string path)
    {
        var relative = path.TrimEnd('/');
        if (!path.Contains('/'))
        {
            return RepositoryFiles.Value.Any(f => Path.GetFileName(f) == relative);
        }
        var bases = new List<string> { Root, Path.Combine(Root, "src", "ProcedureRegistry.Web"), Path.Combine(Root, "src", "ProcedureRegistry.Domain") };
        bases.AddRange(Directory.GetDirectories(Path.Combine(Root, "tests"), "ProcedureRegistry.*"));
        var candidates = bases.Select(b => Path.Combine(b, relative)).ToList();
        // A project by its short name: Domain/Access/... is src/ProcedureRegistry.Domain/Access/...
        var first = relative.Split('/')[0];
        candidates.AddRange(new[] { "src", "tests" }.Where(f => Directory.Exists(Path.Combine(Root, f, "ProcedureRegistry." + first)))
            .Select(f => Path.Combine(Root, f, "ProcedureRegistry." + relative)));
        return candidates.Any(Resolves);
    }

    private static bool Resolves(string full)
    {
        if (File.Exists(full) || Directory.Exists(full) || ImpliedExtensions.Any(e => File.Exists(full + e)))
        {
            return true;
        }
        // Features/Reports/ReportDisclosure: a type declared in that folder, whatever its file is called.
        var folder = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        return Directory.Exists(folder) && Regex.IsMatch(name, @"^[A-Za-z_]\w*$") && Directory.GetFiles(folder, "*.cs")
            .Any(f => Regex.IsMatch(File.ReadAllText(f), $@"\b(class|record|struct|interface|enum)\s+{name}\b"));
    }

    private static readonly Lazy<List<string>> RepositoryFiles = new(() =>
        [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Root, f).Split(Path.DirectorySeparatorChar).Any(IgnoredFolders.Contains))]);

    /// <summary>A shell line's words, with double-quoted words kept whole and their quotes removed.</summary>
    private static List<string> Words(string command) =>
        [.. Regex.Matches(command, @"""[^""]*""|\S+").Select(m => m.Value.Trim('"'))];

    /// <summary>deploy/run.sh --demo, .ci/run: a program of the repository, named by its path.</summary>
    private static bool StartsWithPath(List<string> words) =>
        words.Count > 0 && words[0].Contains('/') && PathLike.IsMatch(words[0]) && !words[0].EndsWith('/');

    private static IEnumerable<string> CheckCommand(List<string> words)
    {
        // Environment variables (A=1) and `time` before the program.
        var start = words.FindIndex(w => !Regex.IsMatch(w, @"^[A-Z_][A-Z0-9_]*=") && w != "time");
        if (start < 0)
        {
            return [];
        }
        words = words[start..];
        return words[0] switch
        {
            "dotnet" when words.Count > 1 && words[1] == "run" => CheckDotnetRun(words),
            "dotnet" when words.Count > 1 && words[1] == "test" => CheckDotnetTest(words),
            "dotnet" when words.Count > 1 && words[1].EndsWith(".dll", StringComparison.Ordinal) => CheckBinary(Path.GetFileNameWithoutExtension(words[1]), words[2..]),
            // ./ProcedureRegistry.Web COMMAND: the published app, as the container image runs it.
            _ when words[0].StartsWith("./", StringComparison.Ordinal) && !words[0][2..].Contains('/') => CheckBinary(words[0][2..], words[1..]),
            "bash" when words.Count > 1 => CheckScript(words[1..]),
            _ when StartsWithPath(words) => CheckScript(words),
            _ => [],
        };
    }

    private static IEnumerable<string> CheckScript(List<string> words)
    {
        var script = Path.Combine(Root, words[0]);
        if (!File.Exists(script))
        {
            yield return $"{words[0]} does not exist";
            yield break;
        }
        var text = File.ReadAllText(script);
        foreach (var option in words.Skip(1).Where(w => Regex.IsMatch(w, @"^--[a-z][\w-]*$")).Where(o => !text.Contains(o, StringComparison.Ordinal)))
        {
            yield return $"{words[0]} has no option {option}";
        }
    }

    private static IEnumerable<string> CheckDotnetRun(List<string> words)
    {
        var separator = words.IndexOf("--");
        var options = separator < 0 ? words : words[..separator];
        var projectAt = options.IndexOf("--project");
        if (projectAt < 0 || projectAt + 1 >= options.Count)
        {
            yield break;
        }
        var project = ProjectFolder(options[projectAt + 1]);
        if (project is null)
        {
            yield return $"project {options[projectAt + 1]} does not exist";
            yield break;
        }
        if (separator >= 0 && separator + 1 < words.Count)
        {
            foreach (var problem in CheckSubcommand(project, words[separator + 1]))
            {
                yield return problem;
            }
        }
    }

    /// <summary>A published program (dotnet X.dll, ./X) and its first argument.</summary>
    private static IEnumerable<string> CheckBinary(string name, List<string> arguments)
    {
        var project = new[] { "src", "tests" }.Select(f => Path.Combine(Root, f, name)).FirstOrDefault(Directory.Exists);
        if (project is null)
        {
            return [$"no project builds {name}"];
        }
        return arguments.Count > 0 ? CheckSubcommand(project, arguments[0]) : [];
    }

    private static IEnumerable<string> CheckSubcommand(string project, string argument)
    {
        if (IsPlaceholder(argument))
        {
            yield break;
        }
        var sources = Sources(project).Select(File.ReadAllText).ToList();
        var names = sources.SelectMany(Subcommands).ToHashSet();
        var takesNumbers = sources.Any(s => s.Contains("int.Parse(args[0]", StringComparison.Ordinal));
        if (!names.Contains(argument) && !(takesNumbers && Regex.IsMatch(argument, @"^\d+$")))
        {
            yield return $"{Path.GetFileName(project)} handles no '{argument}' (it knows {string.Join(", ", names.Order())})";
        }
    }

    /// <summary>The literals a program compares its first argument with, or switches it on.</summary>
    private static IEnumerable<string> Subcommands(string source)
    {
        foreach (Match m in Regex.Matches(source, @"args(?:\.FirstOrDefault\(\)|\[0\])\s*==\s*""([\w-]+)"""))
        {
            yield return m.Groups[1].Value;
        }
        foreach (Match block in Regex.Matches(source, @"args\[0\]\s+switch\s*\{(?<arms>[^}]*)\}"))
        {
            foreach (Match arm in Regex.Matches(block.Groups["arms"].Value, @"^\s*""([\w-]+)""\s*(=>|when)", RegexOptions.Multiline))
            {
                yield return arm.Groups[1].Value;
            }
        }
    }

    private static IEnumerable<string> CheckDotnetTest(List<string> words)
    {
        var target = words.Count > 2 && !words[2].StartsWith('-') ? words[2] : "ProcedureRegistry.sln";
        var project = target.EndsWith(".sln", StringComparison.Ordinal)
            ? File.Exists(Path.Combine(Root, target)) ? Path.Combine(Root, "tests") : null
            : ProjectFolder(target);
        if (project is null)
        {
            yield return $"project {target} does not exist";
            yield break;
        }
        var filterAt = words.IndexOf("--filter");
        if (filterAt < 0 || filterAt + 1 >= words.Count)
        {
            yield break;
        }
        var tests = TestNames(project);
        // "X" means FullyQualifiedName~X; "Name=A|FullyQualifiedName~B" names A and B.
        foreach (var name in words[filterAt + 1].Split('|', '&').Select(c => Regex.Replace(c.Trim('(', ')'), @"^\w+(!?[=~])", "")))
        {
            if (!tests.Any(t => t.Contains(name, StringComparison.Ordinal)))
            {
                yield return $"no test in {Path.GetRelativePath(Root, project)} has '{name}' in its name";
            }
        }
    }

    /// <summary>Namespace.Class.Method of every [Fact] and [Theory] under <paramref name="folder"/>.</summary>
    private static List<string> TestNames(string folder)
    {
        var names = new List<string>();
        foreach (var source in Sources(folder).Select(File.ReadAllText))
        {
            var space = Regex.Match(source, @"^namespace\s+([\w.]+)", RegexOptions.Multiline).Groups[1].Value;
            var className = "";
            foreach (Match m in Regex.Matches(source, @"\bclass\s+(?<class>\w+)|\[(Fact|Theory)[^\]]*\](?:\s*\[[^\]]*\])*\s*public\s+(?:async\s+)?[\w<>\[\]?,. ]+?\s(?<method>\w+)\s*\("))
            {
                if (m.Groups["class"].Success)
                {
                    className = m.Groups["class"].Value;
                }
                else
                {
                    names.Add($"{space}.{className}.{m.Groups["method"].Value}");
                }
            }
        }
        return names;
    }

    private static IEnumerable<string> Sources(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(IgnoredFolders.Contains));

    /// <summary>The folder of a project named by its folder or its .csproj, relative to the repository root.</summary>
    private static string? ProjectFolder(string path)
    {
        var full = Path.Combine(Root, path.TrimEnd('/'));
        return full.EndsWith(".csproj", StringComparison.Ordinal)
            ? File.Exists(full) ? Path.GetDirectoryName(full) : null
            : Directory.Exists(full) && Directory.GetFiles(full, "*.csproj").Length > 0 ? full : null;
    }

    /// <summary>EMAIL, COMMAND, &lt;N&gt;, {id}, [PATIENTS]: a word the reader fills in.</summary>
    private static bool IsPlaceholder(string word) =>
        Regex.IsMatch(word, @"^[A-Z][A-Z0-9_-]*$") || word.IndexOfAny(['<', '{', '[', '*', '…']) >= 0 || word.Contains("...", StringComparison.Ordinal);
}
