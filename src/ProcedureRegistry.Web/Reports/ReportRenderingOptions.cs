namespace ProcedureRegistry.Web.Reports;

/// <summary>Settings of the PDF printer (section "Reports").</summary>
public sealed class ReportRenderingOptions
{
    public const string Section = "Reports";

    /// <summary>The Chromium binary; Debian's package by default. The browser is never downloaded.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>PDFs printed at the same time (each holds a page of the one browser); more wait their turn.</summary>
    public int MaxConcurrentRenders { get; set; } = 2;

    /// <summary>Longest wait for the browser to start or to print one document.</summary>
    public int TimeoutSeconds { get; set; } = 60;
}
