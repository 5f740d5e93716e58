using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Reports;
using ProcedureRegistry.Web.Reports;

namespace ProcedureRegistry.Web.Jobs;

/// <summary>What one generation took, step by step (the benchmark reads it).</summary>
public sealed record ReportTimings(TimeSpan Extraction, TimeSpan Statistics, TimeSpan Pdf, TimeSpan Total);

/// <summary>
/// The Hangfire job behind /reports/new: extracts the data set (set-based SQL), computes the one
/// <see cref="OutcomeReport"/>, renders its PDF and serialises its JSON and CSV, and stores the three with the
/// report row, with the HTML the PDF was printed from (the on-screen report), writing progress (percent and step) as it goes so the report's page can show it.
/// </summary>
public sealed class GenerateOutcomeReport(IServiceScopeFactory scopes, TimeProvider clock, ILogger<GenerateOutcomeReport> logger)
{
    /// <summary>
    /// Not retried: a failure is recorded on the row (status Failed, the error) for the user to see, and a retry of
    /// the same filters would fail the same way; the user can request the report again.
    /// </summary>
    [Hangfire.AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(long reportId, CancellationToken cancellationToken)
    {
        // The request enqueues inside its transaction; wait briefly for the row to be committed and visible.
        StoredReport? report = null;
        for (var attempt = 0; attempt < 50 && report is null; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
            report = await db.Reports.AsNoTracking().Where(r => r.Id == reportId)
                .Select(r => new StoredReport { RequestedByName = r.RequestedByName, ClinicIds = r.ClinicIds, Filters = r.Filters, Status = r.Status })
                .SingleOrDefaultAsync(cancellationToken);
            if (report is null)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
        if (report is null)
        {
            throw new InvalidOperationException($"Report {reportId} does not exist.");
        }
        if (report.Status is ReportStatus.Succeeded)
        {
            return;
        }
        try
        {
            var filters = JsonSerializer.Deserialize<ReportFilters>(report.Filters, OutcomeReport.JsonOptions)!;
            await GenerateAsync(reportId, filters, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Outcome report {ReportId} failed", reportId);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
            var message = $"{e.GetType().Name}: {e.Message}";
            await db.Reports.Where(r => r.Id == reportId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ReportStatus.Failed)
                .SetProperty(r => r.Error, message.Length > StoredReport.ErrorMaxLength ? message[..StoredReport.ErrorMaxLength] : message)
                .SetProperty(r => r.FinishedAt, clock.GetUtcNow()), CancellationToken.None);
        }
    }

    /// <summary>Computes and renders the report of <paramref name="filters"/> without storing it (the benchmark and the sample command).</summary>
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
        var statistics = total.Elapsed - extraction;
        await progress(60, "Rendering the PDF");
        var documents = await scope.ServiceProvider.GetRequiredService<IReportRenderer>().RenderAsync(model, cancellationToken);
        var rendering = total.Elapsed - extraction - statistics;
        return (model, documents, new ReportTimings(extraction, statistics, rendering, total.Elapsed));
    }

    private async Task GenerateAsync(long reportId, ReportFilters filters, CancellationToken cancellationToken)
    {
        async Task Progress(int percent, string step)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
            await db.Reports.Where(r => r.Id == reportId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ReportStatus.Running)
                .SetProperty(r => r.ProgressPercent, percent)
                .SetProperty(r => r.Step, step), cancellationToken);
        }

        await Progress(5, "Starting");
        var (model, (html, pdf), timings) = await ComputeDocumentsAsync(filters, Progress, cancellationToken);
        await Progress(90, "Storing the PDF, HTML, JSON and CSV");
        var json = model.ToJson();
        var csv = model.ToCsv();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
            await db.Reports.Where(r => r.Id == reportId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ReportStatus.Succeeded)
                .SetProperty(r => r.ProgressPercent, 100)
                .SetProperty(r => r.Step, "Done")
                .SetProperty(r => r.Pdf, pdf)
                .SetProperty(r => r.Html, html)
                .SetProperty(r => r.Json, json)
                .SetProperty(r => r.Csv, csv)
                .SetProperty(r => r.FinishedAt, clock.GetUtcNow()), cancellationToken);
        }
        logger.LogInformation("Outcome report {ReportId}: extraction {Extraction} ms, statistics {Statistics} ms, PDF {Pdf} ms, {Bytes} bytes",
            reportId, timings.Extraction.TotalMilliseconds, timings.Statistics.TotalMilliseconds, timings.Pdf.TotalMilliseconds, pdf.Length);
    }
}
