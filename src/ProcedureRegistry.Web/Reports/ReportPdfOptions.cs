using System.Reflection;

namespace ProcedureRegistry.Web.Reports;

/// <summary>What the PDF printer puts around the document: the header (title) and the footer (generation time, software version, "Page X of Y").</summary>
public sealed record ReportPdfOptions(string Title, DateTimeOffset GeneratedAt)
{
    public string SoftwareVersion { get; init; } = ReportPdfOptions.CurrentSoftwareVersion;

    public bool Landscape { get; init; }

    public static ReportPdfOptions For(IReportModel report) => new(report.Title, report.GeneratedAt);

    /// <summary>"ProcedureRegistry 0.1.0 (abc1234)": the version of Directory.Build.props and, when the build knew it, the commit.</summary>
    public static string CurrentSoftwareVersion { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var assembly = typeof(ReportPdfOptions).Assembly;
        var version = assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = informational?.IndexOf('+') ?? -1;
        var commit = plus >= 0 ? informational![(plus + 1)..] : "";
        return commit.Length >= 7 ? $"ProcedureRegistry {version} ({commit[..7]})" : $"ProcedureRegistry {version}";
    }
}
