namespace ProcedureRegistry.Web.Reports;

/// <summary>
/// A finished report: every figure, table and chart input already computed (by queries and the Domain
/// statistics). Renderers only lay it out; they never query and never compute.
/// </summary>
public interface IReportModel
{
    /// <summary>The report's title, shown on the cover and in every page header.</summary>
    string Title { get; }

    /// <summary>When the figures were computed; printed in every page footer.</summary>
    DateTimeOffset GeneratedAt { get; }
}

/// <summary>
/// Turns a finished report model into a PDF document and the HTML it was printed from. What the report's computation
/// (<see cref="Features.Reports.ReportComputation"/>) depends on, so the technique behind it can change: today
/// <see cref="RazorReportRenderer"/> renders the model's Razor view to HTML and prints it with headless Chromium
/// (<see cref="ChromiumPdfRenderer"/>); a QuestPDF renderer can implement this interface from the same models the day
/// the package is available.
/// </summary>
/// <remarks>
/// A report model implements <see cref="IReportModel"/> and its view is registered once
/// (<c>services.AddReportView&lt;OutcomeReport&gt;(OutcomeReport.ViewPath)</c>, a view with
/// <c>Layout = "/Reports/_ReportLayout.cshtml"</c> drawing its charts with <c>SvgChart</c>). The job builds the model
/// (set-based queries and the Domain statistics), calls <see cref="RenderAsync"/> and stores the PDF and the HTML with
/// the report's row; the screen shows that stored HTML (<c>/reports/{id}/view</c>), so it is exactly what was printed.
/// </remarks>
public interface IReportRenderer
{
    /// <summary>Renders <paramref name="report"/> as an A4 PDF with page numbers, generation time and software version on every page.</summary>
    /// <exception cref="InvalidOperationException">No layout is registered for the model's type.</exception>
    Task<byte[]> RenderPdfAsync(IReportModel report, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renders <paramref name="report"/> as an A4 PDF and returns it with the HTML document it was printed from (the
    /// on-screen report), so that what is stored for the screen is exactly what was printed.
    /// </summary>
    Task<RenderedReport> RenderAsync(IReportModel report, CancellationToken cancellationToken = default);
}

/// <summary>A rendered report: the HTML document (CSS inline, no script) and the PDF printed from it.</summary>
public sealed record RenderedReport(string Html, byte[] Pdf);
