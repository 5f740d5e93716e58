namespace ProcedureRegistry.Web.Reports;

/// <summary>
/// The report renderer in use: the model's Razor view (<see cref="ReportViews"/>) rendered to HTML, the same
/// HTML the screen shows, printed to PDF by <see cref="ChromiumPdfRenderer"/>.
/// </summary>
public sealed class RazorReportRenderer(RazorViewRenderer views, ReportViews layouts, ChromiumPdfRenderer printer) : IReportRenderer
{
    public async Task<byte[]> RenderPdfAsync(IReportModel report, CancellationToken cancellationToken = default) =>
        (await RenderAsync(report, cancellationToken)).Pdf;

    public async Task<RenderedReport> RenderAsync(IReportModel report, CancellationToken cancellationToken = default)
    {
        var html = await RenderHtmlAsync(report, cancellationToken);
        return new(html, await printer.RenderPdfAsync(html, ReportPdfOptions.For(report), cancellationToken));
    }

    /// <summary>The report's HTML document, CSS inline, as printed.</summary>
    public Task<string> RenderHtmlAsync(IReportModel report, CancellationToken cancellationToken = default) =>
        views.RenderAsync(layouts.PathFor(report.GetType()), report, cancellationToken);
}
