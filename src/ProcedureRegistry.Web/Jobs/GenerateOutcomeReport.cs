using MediatR;
using ProcedureRegistry.Web.Features.Reports;

namespace ProcedureRegistry.Web.Jobs;

/// <summary>
/// The Hangfire job behind /reports/new: sends <see cref="GenerateReport"/> for the report row that
/// <see cref="RequestReport"/> created and committed before enqueuing this job.
/// </summary>
public sealed class GenerateOutcomeReport(IServiceScopeFactory scopes)
{
    /// <summary>
    /// Not retried: a failure is recorded on the row (status Failed, the error) for the user to see, and a retry of
    /// the same filters would fail the same way; the user can request the report again.
    /// </summary>
    [Hangfire.AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(long reportId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GenerateReport.Command(reportId), cancellationToken);
    }
}
