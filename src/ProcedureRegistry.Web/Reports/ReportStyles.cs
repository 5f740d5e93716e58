using System.Security.Cryptography;
using System.Text;

namespace ProcedureRegistry.Web.Reports;

/// <summary>
/// The reports' stylesheet (report.css, embedded in the assembly), which the layout inlines: a printed report
/// loads nothing. On screen the app's CSP forbids inline style, so a report page allows exactly this one by
/// its hash (<see cref="AllowInlineStyle"/>).
/// </summary>
public static class ReportStyles
{
    public static string Css { get; } = Load();

    /// <summary>The CSP source for the inline stylesheet, e.g. 'sha256-…'.</summary>
    public static string CspSource { get; } = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'";

    /// <summary>Adds the stylesheet's hash to the response's style-src (the security headers set the policy before the action runs).</summary>
    public static void AllowInlineStyle(HttpResponse response)
    {
        var policy = response.Headers.ContentSecurityPolicy.ToString();
        response.Headers.ContentSecurityPolicy = policy.Contains("style-src ", StringComparison.Ordinal)
            ? policy.Replace("style-src ", $"style-src {CspSource} ", StringComparison.Ordinal)
            : $"{policy}; style-src 'self' {CspSource}".TrimStart(';', ' ');
    }

    private static string Load()
    {
        using var stream = typeof(ReportStyles).Assembly.GetManifestResourceStream("ProcedureRegistry.Web.Reports.report.css")
            ?? throw new InvalidOperationException("Embedded resource report.css is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
