using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Reports;
using ProcedureRegistry.Web.Infrastructure.Demo;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

/// <summary>
/// The quality-improvement figures PostgreSQL aggregates (counts by kind, protocol point and pain score, turned into
/// quartiles by the Domain) equal the same figures computed here from every row, loaded through EF Core.
/// </summary>
public sealed class QualityFigureExtractionTests(OutcomeReportFixture app) : IClassFixture<OutcomeReportFixture>
{
    [Fact]
    public async Task Counted_figures_equal_those_computed_from_every_row_of_the_demo_clinic()
    {
        var clinicId = await app.ClinicAsync("DEMO");
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        await new DemoClinicWriter(db, TimeProvider.System).SeedAsync(clinicId, 200);

        var data = await scope.ServiceProvider.GetRequiredService<ReportDataExtractor>().ExtractAsync(new ReportFilters { ClinicIds = [clinicId] });

        var procedures = await db.Procedures.AsNoTracking().Where(p => p.ClinicId == clinicId && p.VoidedAt == null)
            .Select(p => new { p.Id, p.Kind, p.PrePain, p.Complication, Segments = p.Targets.Select(t => t.Segment).Distinct().Count() }).ToListAsync();
        var kinds = procedures.ToDictionary(p => p.Id, p => p.Kind.ToString());
        var followUps = (await db.FollowUps.AsNoTracking().Where(f => f.ClinicId == clinicId && f.Status != FollowUpStatus.Cancelled)
            .Select(f => new { f.ProcedureId, f.Label, f.DaysAfter, f.Status, f.Pain }).ToListAsync())
            .Where(f => kinds.ContainsKey(f.ProcedureId)).ToList();
        Assert.True(followUps.Count(f => f.Status == FollowUpStatus.Answered) > 100, "the demo clinic has answered follow-ups");

        var expectedPain = procedures.GroupBy(p => p.Kind.ToString())
            .Select(g => (Kind: g.Key, Label: "before", DaysAfter: 0, Pain: Descriptive.MedianAndQuartiles(g.Select(p => (double)p.PrePain))))
            .Concat(followUps.Where(f => f.Status == FollowUpStatus.Answered && f.Pain is not null)
                .GroupBy(f => (Kind: kinds[f.ProcedureId], f.Label, f.DaysAfter))
                .Select(g => (g.Key.Kind, g.Key.Label, g.Key.DaysAfter, Pain: Descriptive.MedianAndQuartiles(g.Select(f => (double)f.Pain!.Value)))))
            .OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.DaysAfter).ToList();
        Assert.Equal(expectedPain, data.Pain.Select(p => (p.Kind, p.Label, p.DaysAfter, p.Pain)).ToList());

        var answered = followUps.Where(f => f.Status == FollowUpStatus.Answered).GroupBy(f => (kinds[f.ProcedureId], f.Label, f.DaysAfter))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.All(data.Completion, c => Assert.Equal(answered.GetValueOrDefault((c.Kind, c.Label, c.DaysAfter)), c.Completed));
        Assert.Equal(followUps.Select(f => (kinds[f.ProcedureId], f.Label, f.DaysAfter)).Distinct().Count(), data.Completion.Count);

        Assert.Equal(
            procedures.GroupBy(p => p.Kind.ToString()).Select(g => (g.Key, g.Count(p => p.Complication != Complication.None), g.Count())).OrderBy(c => c.Key, StringComparer.Ordinal),
            data.Complications.Select(c => (c.Kind, c.WithComplication, c.Procedures)));
        Assert.Equal(procedures.Count, data.ProceduresInScope);
        Assert.Equal(procedures.Sum(p => p.Segments), data.Volume.Sum(v => v.Procedures));
    }
}
