using System.Diagnostics;
using System.Net;
using Hangfire;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Reports;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

// When the report job is enqueued (after the request's transaction commits), and what it does without its row: part of
// OutcomeReportTests, so it shares that class's app and database.
public sealed partial class OutcomeReportTests
{
    /// <summary>The report ids of the generation jobs waiting in Hangfire's queue (the tests' apps run no server).</summary>
    private long[] QueuedReportJobs() =>
        [.. app.Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Where(j => j.Value.Job?.Type == typeof(GenerateOutcomeReport))
            .Select(j => (long)j.Value.Job.Args[0])];

    /// <summary>
    /// Runs <paramref name="command"/>'s transaction around a step that writes a report row and, like RequestReport,
    /// enqueues its job after the commit; the enqueue records whether another connection already sees the row.
    /// </summary>
    private async Task<(long Id, bool? RowVisibleAtEnqueue)> InTransactionAsync(bool succeed)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var afterCommit = scope.ServiceProvider.GetRequiredService<AfterCommit>();
        var jobs = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
        var transaction = new TransactionBehavior<RequestReport.Command, Result<long>>(db, afterCommit);
        var report = new StoredReport { RequestedByName = "transaction test", ClinicIds = [app.SyntheticClinicId], Filters = "{}" };
        bool? visible = null;
        await transaction.Handle(new RequestReport.Command(), CancellationToken.None, async () =>
        {
            db.Reports.Add(report);
            await db.SaveChangesAsync();
            var id = report.Id;
            afterCommit.Add(() =>
            {
                using var other = TestDatabases.Context(app.ConnectionString);
                visible = other.Reports.Any(r => r.Id == id);
                jobs.Enqueue<GenerateOutcomeReport>(job => job.RunAsync(id, CancellationToken.None));
            });
            return succeed ? Result.Ok(id) : Fail.Conflict("The test rolls this command back.");
        });
        return (report.Id, visible);
    }

    [Fact]
    public async Task A_committed_command_enqueues_its_job_after_the_commit_so_the_job_sees_its_row()
    {
        var (id, visibleAtEnqueue) = await InTransactionAsync(succeed: true);

        Assert.True(visibleAtEnqueue);
        Assert.Contains(id, QueuedReportJobs());
    }

    [Fact]
    public async Task A_rolled_back_command_enqueues_nothing_and_leaves_no_row()
    {
        var (id, visibleAtEnqueue) = await InTransactionAsync(succeed: false);

        Assert.Null(visibleAtEnqueue);
        Assert.DoesNotContain(id, QueuedReportJobs());
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.Reports.AnyAsync(r => r.Id == id));
    }

    [Fact]
    public async Task A_report_request_enqueues_the_job_for_its_committed_row()
    {
        var analyst = await app.SignedInClientAsync(Roles.Analyst, clinic: "SYN");

        var id = await RequestReportAsync(analyst, run: false);

        Assert.Contains(id, QueuedReportJobs());
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(ReportStatus.Queued, await db.Reports.Where(r => r.Id == id).Select(r => r.Status).SingleAsync());
    }

    [Fact]
    public async Task The_report_job_does_not_wait_for_a_row_that_does_not_exist()
    {
        var missing = long.MaxValue;
        var watch = Stopwatch.StartNew();

        await app.Factory.Services.GetRequiredService<GenerateOutcomeReport>().RunAsync(missing, CancellationToken.None);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GenerateReport.Command(missing));

        Assert.Equal(Outcome.NotFound, result.Outcome);
        // It polled 50 x 200 ms for the row and then threw; now it answers at once.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }
}
