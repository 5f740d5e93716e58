using System.Text.Json;
using FluentValidation;
using Hangfire;
using MediatR;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Patients;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>
/// Records a report request (status Queued) and enqueues its generation as a Hangfire job once the row is committed
/// (<see cref="AfterCommit"/>), so the job finds its row at once and a rolled-back request leaves no job.
/// </summary>
public static class RequestReport
{
    public sealed class Command : ICommand<Result<long>>
    {
        public ReportFilters Filters { get; set; } = new();
        /// <summary>The clinics to report on (the user's own), for the page; never bound from the post.</summary>
        [BindNever]
        public IReadOnlyList<ListMyClinics.Item> Clinics { get; set; } = [];
        public string AuditAction => "RequestOutcomeReport";
    }

    /// <summary>A refused request goes back with the clinics to choose from.</summary>
    internal sealed class Page(RegistryDbContext db, ClinicScope scope) : IFormPage<Command>
    {
        public async Task<bool> LoadAsync(Command form, CancellationToken cancellationToken)
        {
            form.Clinics = await ListMyClinics.ReadAsync(db, scope, cancellationToken);
            return true;
        }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Filters).SetValidator(new ReportFiltersValidator());
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ICurrentUser user, IBackgroundJobClient jobs, AfterCommit afterCommit, TimeProvider clock)
        : IRequestHandler<Command, Result<long>>
    {
        public async Task<Result<long>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.GenerateReports))
            {
                return Fail.Forbidden();
            }
            var mine = await scope.ClinicIdsAsync(cancellationToken);
            var filters = command.Filters;
            if (filters.ClinicIds.Any(id => !mine.Contains(id)))
            {
                return Fail.Invalid("Filters.ClinicIds", "Clinics: you can only report on clinics you belong to.");
            }
            if (mine.Count == 0)
            {
                return Fail.Invalid("Filters.ClinicIds", "Clinics: you belong to no clinic, so there is nothing to report on.");
            }
            filters.ClinicIds = filters.ClinicIds.Count == 0 ? [.. mine.Order()] : [.. filters.ClinicIds.Distinct().Order()];
            filters.Segment = filters.SegmentCode;
            filters.Operator = filters.OperatorName;
            var report = new StoredReport
            {
                RequestedByUserId = user.UserId,
                RequestedByName = user.UserName,
                RequestedAt = clock.GetUtcNow(),
                ClinicIds = [.. filters.ClinicIds],
                Filters = JsonSerializer.Serialize(filters, OutcomeReport.JsonOptions),
                Step = "Waiting for a worker",
            };
            db.Reports.Add(report);
            await db.SaveChangesAsync(cancellationToken);
            var id = report.Id;
            afterCommit.Add(() => jobs.Enqueue<GenerateOutcomeReport>(job => job.RunAsync(id, CancellationToken.None)));
            return Result.Ok(id, id.ToString());
        }
    }
}
