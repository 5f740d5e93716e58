using System.Net;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

public sealed class FollowUpPlanningTests(ClockedAppFixture app) : IClassFixture<ClockedAppFixture>
{
    [Fact]
    public async Task An_RF_denervation_gets_four_follow_ups_a_corrected_date_moves_them_and_voiding_cancels_them()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var clinician = await app.ClinicianAsync(clinic: "PLAN");
        var patientId = await app.RegisterPatientAsync(clinician, "PLAN-1", clinic: "PLAN");
        var performedOn = FollowUpData.ParisDate(app.Clock.Now).AddDays(-10);
        var id = await clinician.LogAsync(patientId, "rf", FollowUpData.Rf(performedOn));

        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            var procedure = await db.Procedures.SingleAsync(p => p.Id == id);
            var planned = await db.FollowUps.Where(f => f.ProcedureId == id).OrderBy(f => f.DueAt).ToListAsync();
            Assert.Equal(["1 month", "3 months", "6 months", "12 months"], planned.Select(f => f.Label));
            Assert.Equal([30, 91, 182, 365], planned.Select(f => (int)(f.DueAt - procedure.PerformedAt).TotalDays));
            // ± 7 days at 1 month, ± 14 days from 3 months on (clinical reference §5).
            Assert.Equal([7, 14, 14, 14], planned.Select(f => (int)(f.DueAt - f.OpensAt).TotalDays));
            Assert.Equal([7, 14, 14, 14], planned.Select(f => (int)(f.ClosesAt - f.DueAt).TotalDays));
            Assert.All(planned, f => Assert.Equal(FollowUpStatus.Scheduled, f.Status));
            Assert.All(planned, f => Assert.Equal(patientId, f.PatientId));
        }
        var details = await clinician.PageAsync($"/procedures/{id}");
        Assert.Contains("id=\"follow-up-list\"", details);
        Assert.Contains(performedOn.AddDays(365).ToString("yyyy-MM-dd"), details);

        // Correct the date three days later: every waiting follow-up moves with it.
        var form = await clinician.PageAsync($"/procedures/{id}/correct");
        var corrected = await clinician.PostFormAsync($"/procedures/{id}/correct", $"/procedures/{id}/correct/rf",
            Html.Fields([.. FollowUpData.Rf(performedOn.AddDays(3)), ("Version", FollowUpData.Version(form)), ("Reason", "date entered wrong")]));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            var procedure = await db.Procedures.SingleAsync(p => p.Id == id);
            Assert.Equal(performedOn.AddDays(3), FollowUpData.ParisDate(procedure.PerformedAt));
            var moved = await db.FollowUps.Where(f => f.ProcedureId == id).OrderBy(f => f.DueAt).ToListAsync();
            Assert.Equal([30, 91, 182, 365], moved.Select(f => (int)(f.DueAt - procedure.PerformedAt).TotalDays));
        }

        // Void it: the follow-ups are cancelled with the reason.
        var voidPage = await clinician.PageAsync($"/procedures/{id}/void");
        var voided = await clinician.PostFormAsync($"/procedures/{id}/void", $"/procedures/{id}/void",
            Html.Fields(("Version", FollowUpData.Version(voidPage)), ("Reason", "logged on the wrong patient")));
        Assert.Equal(HttpStatusCode.Redirect, voided.StatusCode);
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            var cancelled = await db.FollowUps.Where(f => f.ProcedureId == id).ToListAsync();
            Assert.Equal(4, cancelled.Count);
            Assert.All(cancelled, f => Assert.Equal(FollowUpStatus.Cancelled, f.Status));
            Assert.All(cancelled, f => Assert.Equal("Procedure voided", f.CancelReason));
        }
    }
}
