using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>The address names the record: a form value of the same name that names another is refused, for every POST route with one.</summary>
public sealed class RouteIdTests(SeededRegistry registry) : IClassFixture<SeededRegistry>
{
    /// <summary>A POST to a real record, with the route value's name set in the form to another real record's id.</summary>
    private sealed record Tamper(string Url, string Field, string OtherValue);

    /// <summary>Every POST route whose address holds a value, by its template.</summary>
    private static readonly Dictionary<string, Func<Seeded, Tamper>> Routes = new()
    {
        ["patients/{id:int}/edit"] = s => new($"/patients/{s.PatientId}/edit", "Id", Id(s.OtherPatientId)),
        ["patients/{patientId:int}/assessments/new"] = s => new($"/patients/{s.PatientId}/assessments/new", "PatientId", Id(s.OtherPatientId)),
        ["assessments/{id:int}/correct"] = s => new($"/assessments/{s.AssessmentId}/correct", "id", Id(s.AssessmentId + 1)),
        ["patients/{patientId:int}/procedures/new/block"] = s => new($"/patients/{s.PatientId}/procedures/new/block", "PatientId", Id(s.OtherPatientId)),
        ["patients/{patientId:int}/procedures/new/steroid"] = s => new($"/patients/{s.PatientId}/procedures/new/steroid", "patientid", Id(s.OtherPatientId)),
        ["patients/{patientId:int}/procedures/new/rf"] = s => new($"/patients/{s.PatientId}/procedures/new/rf", "PATIENTID", Id(s.OtherPatientId)),
        ["procedures/{id:int}/correct/block"] = s => new($"/procedures/{s.BlockId}/correct/block", "Id", Id(s.SteroidId)),
        ["procedures/{id:int}/correct/steroid"] = s => new($"/procedures/{s.SteroidId}/correct/steroid", "Id", Id(s.RfId)),
        ["procedures/{id:int}/correct/rf"] = s => new($"/procedures/{s.RfId}/correct/rf", "Id", Id(s.SteroidId)),
        ["procedures/{id:int}/diary"] = s => new($"/procedures/{s.BlockId}/diary", "Id", Id(s.SteroidId)),
        ["procedures/{id:int}/void"] = s => new($"/procedures/{s.RfId}/void", "Id", Id(s.SteroidId)),
        ["procedures/{id:int}/unblind"] = s => new($"/procedures/{s.BlockId}/unblind", "Id", Id(s.SteroidId)),
        ["blinded-protocols/{id:int}/start"] = s => new("/blinded-protocols/1/start", "Id", Id(2)),
        ["follow-ups/{id:long}/answer"] = s => new($"/follow-ups/{s.FollowUpId}/answer", "Id", Id(s.FollowUpId + 1)),
        ["follow-ups/{id:long}/resend"] = s => new($"/follow-ups/{s.FollowUpId}/resend", "Id", Id(s.FollowUpId + 1)),
        ["follow-ups/{id:long}/retry-reminder"] = s => new($"/follow-ups/{s.FollowUpId}/retry-reminder", "Id", Id(s.FollowUpId + 1)),
        ["follow-ups/{id:long}/cancel"] = s => new($"/follow-ups/{s.FollowUpId}/cancel", "Id", Id(s.FollowUpId + 1)),
        ["protocols/{id:int}/edit"] = s => new($"/protocols/{s.ProtocolPointId}/edit", "Id", Id(s.ProtocolPointId + 1)),
        ["protocols/{id:int}/deactivate"] = s => new($"/protocols/{s.ProtocolPointId}/deactivate", "Id", Id(s.ProtocolPointId + 1)),
        ["protocols/{id:int}/activate"] = s => new($"/protocols/{s.ProtocolPointId}/activate", "Id", Id(s.ProtocolPointId + 1)),
        ["admin/users/{id}/reset-password"] = s => new($"/admin/users/{s.UserId}/reset-password", "Id", "another-user-id"),
        ["admin/clinics/{id:int}/edit"] = s => new($"/admin/clinics/{s.ClinicId}/edit", "Id", Id(s.ClinicId + 1)),
        ["admin/users/{id}/edit"] = s => new($"/admin/users/{s.UserId}/edit", "Id", "another-user-id"),
        ["admin/users/{id}/deactivate"] = s => new($"/admin/users/{s.UserId}/deactivate", "Id", "another-user-id"),
        ["admin/users/{id}/reactivate"] = s => new($"/admin/users/{s.UserId}/reactivate", "Id", "another-user-id"),
        ["r/{token}"] = s => new($"/r/{s.LinkToken}", "Token", new string('A', 43)),
    };

    [Fact]
    public void Every_POST_route_with_a_value_in_its_address_is_tried_here()
    {
        var routes = PostRoutesWithValues();

        Assert.True(routes.All(Routes.ContainsKey), "POST routes with a value in the address this test does not try; add each to RouteIdTests.Routes: "
            + string.Join(", ", routes.Where(r => !Routes.ContainsKey(r))));
        Assert.Empty(Routes.Keys.Except(routes));
    }

    [Fact]
    public async Task A_form_value_naming_another_record_than_the_address_is_refused_with_400_on_every_route_and_nothing_is_written()
    {
        var failures = new List<string>();
        foreach (var route in PostRoutesWithValues().Where(Routes.ContainsKey))
        {
            var tamper = Routes[route](registry.Data);
            var before = await registry.AuditIdAsync();

            var response = await PostAsync(route, tamper);

            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains($"The form says {tamper.Field} {tamper.OtherValue}, but the address is for"))
            {
                failures.Add($"{route}: {(int)response.StatusCode}, not 400 naming the mismatch: {body[..Math.Min(body.Length, 3000)]}");
            }
            if (await registry.AuditRowsAfterAsync(before, registry.UserNames[Roles.Admin]) is { Count: > 0 } rows)
            {
                failures.Add($"{route}: wrote {string.Join("; ", rows)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Posting_patient_316s_edit_form_with_Id_315_changes_neither_patient()
    {
        var s = registry.Data;
        var admin = registry.Clients[Roles.Admin];
        var version = ProcedureRegistry.IntegrationTests.Features.FollowUps.FollowUpData.Version(await admin.GetStringAsync($"/patients/{s.OtherPatientId}/edit"));
        var before = await registry.AuditIdAsync();

        var response = await admin.PostFormAsync("/patients/new", $"/patients/{s.PatientId}/edit", Html.Fields(
            ("Id", Id(s.OtherPatientId)), ("Mrn", "WALK-OTHER"), ("FamilyName", "Hijacked"), ("GivenName", "Robert"), ("DateOfBirth", "1958-03-14"),
            ("Sex", "Male"), ("ReminderConsent", "false"), ("PreferredChannel", "None"), ("TimeZone", "Europe/Paris"),
            ("Version", version), ("Reason", "tampered form")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"The form says Id {s.OtherPatientId}, but the address is for Id {s.PatientId}: nothing was saved.",
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = TestDatabases.Context(registry.ConnectionString);
        Assert.Equal(0, await db.Patients.CountAsync(p => p.FamilyName == "Hijacked"));
        Assert.Equal(0, await db.PatientRevisions.CountAsync(r => r.PatientId == s.PatientId || r.PatientId == s.OtherPatientId));
        Assert.Empty(await registry.AuditRowsAfterAsync(before, registry.UserNames[Roles.Admin]));
    }

    [Fact]
    public async Task A_form_value_that_agrees_with_the_address_is_accepted()
    {
        var s = registry.Data;
        var admin = registry.Clients[Roles.Admin];

        var response = await admin.PostFormAsync($"/procedures/{s.SteroidId}/void", $"/procedures/{s.SteroidId}/void",
            Html.Fields(("Id", Id(s.SteroidId)), ("Reason", "")));

        // The handler's own refusal (a reason is needed), not the address check.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("does not match its address", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> PostAsync(string route, Tamper tamper)
    {
        if (route == "r/{token}")
        {
            // The patient's page is anonymous: a visitor's antiforgery token, from the sign-in page.
            var visitor = registry.Factory.CreateBrowserLikeClient();
            return await visitor.PostFormAsync("/account/login", tamper.Url, Html.Fields((tamper.Field, tamper.OtherValue)));
        }
        return await registry.Clients[Roles.Admin].PostFormAsync("/patients/new", tamper.Url, Html.Fields((tamper.Field, tamper.OtherValue)));
    }

    private List<string> PostRoutesWithValues() =>
        [.. registry.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(p => !p.IsCatchAll))
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .Distinct()
            .Order()];

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
