using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Reports;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>What one generation took, step by step (the benchmark reads it).</summary>
public sealed record ReportTimings(TimeSpan Extraction, TimeSpan Statistics, TimeSpan Pdf, TimeSpan Total);

/// <summary>
/// Computes an outcome report without storing it: extracts the data set (set-based SQL), builds the one
/// <see cref="OutcomeReport"/> and renders its PDF and HTML. <see cref="GenerateReport"/> stores what it returns; the
/// benchmark and the tests call it directly.
/// </summary>
public sealed class ReportComputation(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Computes and renders the report of <paramref name="filters"/>, reporting progress (percent, step) as it goes.</summary>
    public async Task<(OutcomeReport Report, byte[] Pdf, ReportTimings Timings)> ComputeAsync(
        ReportFilters filters, Func<int, string, Task>? progress = null, CancellationToken cancellationToken = default)
    {
        var (model, documents, timings) = await ComputeDocumentsAsync(filters, progress, cancellationToken);
        return (model, documents.Pdf, timings);
    }

    /// <summary>As <see cref="ComputeAsync"/>, with the HTML the PDF was printed from.</summary>
    public async Task<(OutcomeReport Report, RenderedReport Documents, ReportTimings Timings)> ComputeDocumentsAsync(
        ReportFilters filters, Func<int, string, Task>? progress = null, CancellationToken cancellationToken = default)
    {
        progress ??= (_, _) => Task.CompletedTask;
        var total = System.Diagnostics.Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        await progress(10, "Extracting the data set");
        var data = await scope.ServiceProvider.GetRequiredService<ReportDataExtractor>().ExtractAsync(filters, cancellationToken);
        var extraction = total.Elapsed;
        await progress(40, "Computing the statistics");
        var codes = await db.Clinics.AsNoTracking().Where(c => filters.ClinicIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
        var model = OutcomeReportBuilder.Build(data, filters, clock.GetUtcNow(), codes);
        model.Blinded = await BlindedBlocksSection.ReadAsync(db, filters, cancellationToken);
        var statistics = total.Elapsed - extraction;
        await progress(60, "Rendering the PDF");
        var documents = await scope.ServiceProvider.GetRequiredService<IReportRenderer>().RenderAsync(model, cancellationToken);
        var rendering = total.Elapsed - extraction - statistics;
        return (model, documents, new ReportTimings(extraction, statistics, rendering, total.Elapsed));
    }
}
