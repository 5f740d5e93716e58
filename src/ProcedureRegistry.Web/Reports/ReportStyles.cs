using System.Text;

namespace ProcedureRegistry.Web.Reports;

/// <summary>
/// The reports' stylesheet (report.css, embedded in the assembly), which the layout inlines: a printed report
/// loads nothing. On screen the stored HTML is served under its own policy (<c>ViewReport.ContentSecurityPolicy</c>),
/// which lets its inline stylesheet apply and fetches and runs nothing.
/// </summary>
public static class ReportStyles
{
    public static string Css { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(ReportStyles).Assembly.GetManifestResourceStream("ProcedureRegistry.Web.Reports.report.css")
            ?? throw new InvalidOperationException("Embedded resource report.css is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
