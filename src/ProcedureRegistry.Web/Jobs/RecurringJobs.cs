using Hangfire;
using Microsoft.Extensions.Options;

namespace ProcedureRegistry.Web.Jobs;

/// <summary>
/// Every recurring job, registered in this one place at start-up. Only instances that run a Hangfire server
/// (<c>Hangfire:ServerEnabled</c>, default true) register them, so a web-only instance schedules nothing.
/// </summary>
public static class RecurringJobs
{
    public static void Schedule(WebApplication app)
    {
        if (!app.Configuration.GetValue("Hangfire:ServerEnabled", true))
        {
            return;
        }
        var jobs = new RecurringJobManager(app.Services.GetRequiredService<JobStorage>());

        // Follow-ups: plan and send the due reminders every minute, unless FollowUps:RecurringJobEnabled is false.
        if (app.Services.GetRequiredService<IOptions<FollowUpOptions>>().Value.RecurringJobEnabled)
        {
            jobs.AddOrUpdate<FollowUpScheduler>(FollowUpScheduler.RecurringJobId,
                scheduler => scheduler.RunAsync(CancellationToken.None), Cron.Minutely());
        }
    }
}
