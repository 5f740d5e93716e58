using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Features.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Infrastructure.Identity;
using Xunit.Abstractions;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>
/// Two clinics with a patient, an assessment, procedures of every kind and follow-ups each, a patient link, a client
/// signed in for each role in clinic TEST, and an anonymous one. The records of clinic OTHER are the "another clinic's id".
/// </summary>
public sealed class HostileInputFixture : FollowUpFixture
{
    public static readonly string[] SignedInRoles = [Roles.Clinician, Roles.Coordinator, Roles.Analyst, Roles.Admin];

    public Dictionary<string, HttpClient> Clients { get; } = [];
    public SeededRecords Own { get; private set; } = null!;
    public SeededRecords Other { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Clock.Now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        Own = await SeedClinicAsync("TEST");
        Other = await SeedClinicAsync("OTHER");
        // The patient links' windows are open from here on; the procedures were logged before.
        Clock.Now = Own.LinkOpensAt.AddHours(1);
        foreach (var role in SignedInRoles)
        {
            Clients[role] = await SignedInClientAsync(role);
        }
        Clients[""] = Factory.CreateBrowserLikeClient();
    }

    private async Task<SeededRecords> SeedClinicAsync(string clinic)
    {
        var clinician = await this.ClinicianAsync(clinic);
        var email = $"hostile.{clinic.ToLowerInvariant()}@example.test";
        var patient = await this.RegisterConsentingPatientAsync(clinician, $"{clinic}-H1", email, clinic);
        var assessment = await clinician.RecordAssessmentAsync(patient, ClinicalData.TypicalAssessment("2026-02-20"));
        Assert.Equal(HttpStatusCode.Redirect, assessment.StatusCode);
        var rf = await clinician.LogRfAsync(patient, "2026-03-02T10:00");
        var steroid = await clinician.LogAsync(patient, "steroid", FollowUpData.Steroid(new DateOnly(2026, 3, 1)));
        var block = await clinician.LogAsync(patient, "block", HostileInputTests.Block("2026-02-28T09:30"));
        var voidable = await clinician.LogAsync(patient, "block", HostileInputTests.Block("2026-02-27T09:30"));
        var (userEmail, _) = await UserAsync(Roles.Coordinator, clinic: clinic);

        await using var db = TestDatabases.Context(ConnectionString);
        var followUps = await db.FollowUps.Where(f => f.ProcedureId == rf).OrderBy(f => f.DaysAfter).Select(f => f.Id).ToListAsync();
        var firstOpens = await db.FollowUps.Where(f => f.Id == followUps[0]).Select(f => f.OpensAt).SingleAsync();
        var assessmentId = await db.Assessments.Where(a => a.PatientId == patient).Select(a => a.Id).SingleAsync();
        var userId = await db.Users.Where(u => u.Email == userEmail).Select(u => u.Id).SingleAsync();
        var point = await db.FollowUpProtocolPoints.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var clinicId = await ClinicAsync(clinic);
        var defined = await clinician.PostFormAsync("/blinded-protocols/new", "/blinded-protocols/new", Html.Fields(
            ("ClinicId", clinicId.ToString()), ("Name", $"Hostile {clinic}"), ("Design", "PlaceboControlled"), ("PlaceboComparator", "Bupivacaine"),
            ("Stratification", "None"), ("BlockSizes", "2"), ("BlockSizes", "4"), ("KitsPerStratum", "4")));
        Assert.Equal(HttpStatusCode.Redirect, defined.StatusCode);
        var blindedProtocol = await db.ControlledBlockProtocols.Where(p => p.ClinicId == clinicId).Select(p => p.Id).SingleAsync();

        var now = Clock.Now;
        Clock.Now = firstOpens.AddHours(1);
        await RunJobAsync();
        Clock.Now = now;
        var token = LinkIn(Assert.Single(MailTo(email)))["/r/".Length..];
        return new SeededRecords(clinicId, patient, assessmentId, block, steroid, rf, voidable, followUps, point, userId, token, firstOpens, blindedProtocol);
    }

    public override async Task DisposeAsync()
    {
        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }
        await base.DisposeAsync();
    }
}

/// <summary>One clinic's records, to put in a route: its own (the handler really runs) or another clinic's (must answer 404).</summary>
public sealed record SeededRecords(
    int Clinic, int Patient, int Assessment, int Block, int Steroid, int Rf, int Voidable, IReadOnlyList<long> FollowUps, int ProtocolPoint,
    string User, string Token, DateTimeOffset LinkOpensAt, int BlindedProtocol);

/// <summary>
/// Every POST endpoint of the route table, each of its fields with hostile values, as each role and anonymously:
/// never a 5xx, and a refusal writes nothing (audit rows aside: refusals are audited). Fields come from the action's
/// bound model (so a new form is covered without editing this test); the other fields keep the values the form
/// itself shows (or a valid sample for a blank create form), so the hostile value is the only thing wrong.
/// </summary>
public sealed class HostileInputTests(HostileInputFixture app, ITestOutputHelper output) : IClassFixture<HostileInputFixture>
{
    private const string Anonymous = "";
    private const int NoSuchId = 99999999;

    /// <summary>Tables a refusal may still write: the audit trail records refusals; the key ring is created on first use.</summary>
    private static readonly string[] WrittenOnRefusal = ["audit_entries", "data_protection_keys", "__ef_migrations_history"];

    public static (string, string)[] Block(string performedAt) =>
    [
        ("PerformedAt", performedAt), ("OperatorName", "Dr Test"), ("Guidance", "Fluoroscopy"), ("ConsentRecorded", "true"),
        ("Complication", "None"), ("PrePain", "8"), ("Targets[0].Segment", "T12-L1"), ("Targets[0].Side", "Left"),
        ("Technique", "MedialBranch"), ("Agent", "Lidocaine"), ("ConcentrationPercent", "2"), ("VolumeMlPerTarget", "0.5"),
        ("Sequence", "Single"), ("PartnerProcedureId", ""), ("TendernessAbolished", "true"),
        ("Diary[0].MinutesAfter", "15"), ("Diary[0].Pain", "2"), ("Diary[1].MinutesAfter", "60"), ("Diary[1].Pain", "1"),
        ("Diary[2].MinutesAfter", "240"), ("Diary[2].Pain", "7"),
    ];

    private int _registered;

    /// <summary>Valid values for create forms whose page starts blank (edit forms show their record's values).</summary>
    private Dictionary<string, (string, string)[]> ValidSamples() => new()
    {
        ["patients/new"] =
        [
            ("ClinicId", app.Own.Clinic.ToString()), ("Mrn", $"HOSTILE-{++_registered}"), ("FamilyName", "Maigne"), ("GivenName", "Robert"),
            ("DateOfBirth", "1958-03-14"), ("Sex", "Male"), ("ReminderConsent", "false"), ("PreferredChannel", "None"), ("TimeZone", "Europe/Paris"),
        ],
        ["patients/{patientId:int}/assessments/new"] = ClinicalData.TypicalAssessment("2026-02-21"),
        ["patients/{patientId:int}/procedures/new/rf"] = FollowUpData.Rf(new DateOnly(2026, 2, 26)),
        ["patients/{patientId:int}/procedures/new/steroid"] = FollowUpData.Steroid(new DateOnly(2026, 2, 25)),
        ["patients/{patientId:int}/procedures/new/block"] = Block("2026-02-24T09:30"),
        ["blinded-protocols/new"] =
        [
            ("ClinicId", app.Own.Clinic.ToString()), ("Name", $"Hostile protocol {++_registered}"), ("Design", "PlaceboControlled"),
            ("PlaceboComparator", "Bupivacaine"), ("Stratification", "None"), ("BlockSizes", "2"), ("KitsPerStratum", "4"),
        ],
        ["account/login"] = [("Email", "nobody@test.clinic"), ("Password", "Not-the-password-1")],
        ["r/{token}"] = [("Pain", "4"), ("ReliefPercent", "60"), ("Pgic", "5"), ("OtherTreatment", "false")],
    };

    [Fact]
    public async Task No_post_endpoint_answers_5xx_to_hostile_input_and_a_refusal_writes_nothing()
    {
        var stopwatch = Stopwatch.StartNew();
        var routes = PostRoutes();
        Assert.True(routes.Count >= 20, $"Only {routes.Count} POST routes found in the route table.");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // The enrolment page makes the user's pending authenticator key the first time it is shown (as Identity's own
        // pages do), also when a refused code re-shows it: show it to every role once, before the data are summed.
        foreach (var role in HostileInputFixture.SignedInRoles)
        {
            (await app.Clients[role].GetAsync("/account/two-factor/enrol")).Dispose();
        }
        var checksumSql = await ChecksumSqlAsync(connection);
        var checksum = await Sql.ScalarAsync(connection, checksumSql) as string;
        var failures = new List<string>();
        var requests = 0;

        var timings = new List<string>();
        foreach (var route in routes)
        {
            var routeStarted = stopwatch.Elapsed;
            var ownPath = Path(route, p => RouteValue(route.Template, p, app.Own));
            var plan = Plan(route, ownPath, p => RouteValue(route.Template, p, app.Other), p => p == "token" ? new string('A', 43) : NoSuchId.ToString());
            var formRole = route.Admitted.FirstOrDefault() ?? Roles.Admin;
            var form = await BaselineAsync(route, formRole, ownPath);
            var statuses = new SortedDictionary<int, int>();
            foreach (var attempt in plan)
            {
                requests++;
                var response = await SendAsync(route, attempt, attempt.Fields(form));
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                // HOSTILE_TRACE=<part of a route> shows each request to that route with its outcome, to see what a test run exercised.
                if (Environment.GetEnvironmentVariable("HOSTILE_TRACE") is { } trace && route.Template.Contains(trace))
                {
                    var text = Snippet(body[Math.Max(0, body.IndexOf("error-summary", StringComparison.Ordinal))..]);
                    output.WriteLine($"TRACE {status} {attempt.Role} {attempt.Description}: {text[..Math.Min(250, text.Length)]}");
                }
                var after = await Sql.ScalarAsync(connection, checksumSql) as string;
                var what = $"POST /{attempt.Path} as {(attempt.Role.Length == 0 ? "anonymous" : attempt.Role)}, {attempt.Description}";
                if (status >= 500)
                {
                    failures.Add($"{what}: {status}\n    {Snippet(body)}");
                }
                // Sign-out answers with the sign-in page and ends the user's sessions (a new security stamp): its success.
                else if (!IsSuccess(response) && !(route.Template == "account/logout" && status == 302) && after != checksum)
                {
                    failures.Add($"{what}: refused with {status} but the data changed");
                }
                checksum = after;
                if (IsSuccess(response))
                {
                    // The record changed (its version too): the next requests start from the form as it is now.
                    form = await BaselineAsync(route, formRole, ownPath);
                }
            }
            timings.Add($"{route.Template}: {plan.Count} requests in {(stopwatch.Elapsed - routeStarted).TotalSeconds:0.0} s, "
                + string.Join(" ", statuses.Select(s => $"{s.Value}×{s.Key}")));
        }

        var summary = $"{routes.Count} POST routes, {requests} requests in {stopwatch.Elapsed.TotalSeconds:0.0} s:\n" + string.Join("\n", timings);
        output.WriteLine(summary);
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} hostile requests failed:\n" + string.Join("\n", failures.Take(80)) + "\n" + summary);
    }

    [Fact]
    public async Task A_yes_no_field_that_is_neither_true_nor_false_re_shows_the_form_naming_the_field()
    {
        var clinician = await app.SignedInClientAsync(Roles.Clinician);
        var fields = ValidSamples()["patients/new"].Replace("Mrn", "MAYBE-1").Replace("ReminderConsent", "maybe");

        var response = await clinician.PostFormAsync("/patients/new", "/patients/new", Html.Fields(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Reminder consent must be true or false.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.Patients.AnyAsync(p => p.Mrn == "MAYBE-1"));
    }

    [Theory]
    [InlineData("Email")]
    [InlineData("Password")]
    public async Task A_nul_on_the_sign_in_form_is_refused_by_field_not_a_500(string field)
    {
        var anonymous = app.Factory.CreateBrowserLikeClient();
        var fields = ValidSamples()["account/login"].Replace(field, "admin\0@test.clinic");

        var response = await anonymous.PostFormAsync("/account/login", "/account/login", Html.Fields(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{field} must not contain control characters", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Cancelling_a_follow_up_that_does_not_exist_or_is_another_clinics_answers_404_and_changes_nothing()
    {
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);
        var others = app.Other.FollowUps[2];

        foreach (var id in new[] { NoSuchId, others })
        {
            foreach (var reason in new[] { "", "Moved abroad" })
            {
                var response = await coordinator.PostFormAsync("/follow-ups", $"/follow-ups/{id}/cancel", Html.Fields(("Reason", reason), ("Version", "1")));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(ProcedureRegistry.Domain.FollowUps.FollowUpStatus.Scheduled, (await db.FollowUps.SingleAsync(f => f.Id == others)).Status);
    }

    [Theory]
    [InlineData("/patients?q=a%00b")]
    [InlineData("/follow-ups?operator=%1B")]
    public async Task A_control_character_in_a_query_answers_400_not_a_500(string url)
    {
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);

        var response = await coordinator.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static bool IsSuccess(HttpResponseMessage response) =>
        (int)response.StatusCode is >= 200 and < 300
        || ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location?.OriginalString.Contains("/account/login") != true);

    private static string Snippet(string body)
    {
        var text = Regex.Replace(body, "<[^>]+>", " ");
        text = Regex.Replace(WebUtility.HtmlDecode(text), @"\s+", " ").Trim();
        return text[..Math.Min(text.Length, 300)];
    }

    // ---- The route table ----

    /// <summary>A POST endpoint: its template, the action behind it, the roles it admits, its bound fields.</summary>
    private sealed record PostRoute(string Template, ControllerActionDescriptor Action, IReadOnlyList<string> Admitted,
        IReadOnlyList<Field> Fields, bool TakesJson, IReadOnlyList<string> RouteParameters);

    private sealed record Field(string Name, Type Type);

    private List<PostRoute> PostRoutes()
    {
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .ToList();
        var metadata = app.Factory.Services.GetRequiredService<IModelMetadataProvider>();
        var routes = new List<PostRoute>();
        foreach (var endpoint in endpoints)
        {
            var action = endpoint.Metadata.GetMetadata<ControllerActionDescriptor>()
                ?? throw new InvalidOperationException($"POST {endpoint.RoutePattern.RawText} is not an MVC action; cover it here.");
            var template = endpoint.RoutePattern.RawText!.TrimStart('/');
            var routeParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            var fields = new List<Field>();
            var takesJson = false;
            foreach (var parameter in action.Parameters)
            {
                var source = parameter.BindingInfo?.BindingSource;
                if (source == BindingSource.Services || source == BindingSource.Special || routeParameters.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }
                takesJson |= source == BindingSource.Body;
                var model = metadata.GetMetadataForType(parameter.ParameterType);
                if (model.IsComplexType)
                {
                    fields.AddRange(FieldsOf(model, "", depth: 0));
                }
                else
                {
                    fields.Add(new Field(parameter.Name, parameter.ParameterType));
                }
            }
            routes.Add(new PostRoute(template, action, AdmittedRoles(endpoint), fields, takesJson, routeParameters));
        }
        // Sign-out ends the client's session: last, so that every other request still runs signed in.
        return [.. routes.OrderBy(r => r.Template == "account/logout").ThenBy(r => r.Template, StringComparer.Ordinal)];
    }

    /// <summary>The fields MVC would bind: simple properties, and the first element of collections (of complex elements too).</summary>
    private static IEnumerable<Field> FieldsOf(ModelMetadata model, string prefix, int depth)
    {
        foreach (var property in model.Properties)
        {
            if (!property.IsBindingAllowed || property.IsReadOnly && !property.IsEnumerableType
                || property.BindingSource is { } s && s != BindingSource.Form && s != BindingSource.ModelBinding)
            {
                continue;
            }
            var name = prefix + property.PropertyName;
            if (property.IsEnumerableType && property.ModelType != typeof(string) && property.ElementMetadata is { } element)
            {
                if (!element.IsComplexType)
                {
                    yield return new Field(name, element.ModelType);
                }
                else if (depth == 0)
                {
                    foreach (var nested in FieldsOf(element, name + "[0].", depth + 1))
                    {
                        yield return nested;
                    }
                }
            }
            else if (!property.IsComplexType)
            {
                yield return new Field(name, property.ModelType);
            }
            else if (depth == 0)
            {
                foreach (var nested in FieldsOf(property, name + ".", depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The roles the endpoint's policies admit (anonymous endpoints: the anonymous visitor).</summary>
    private static List<string> AdmittedRoles(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return [Anonymous];
        }
        var capabilities = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>()
            .Where(p => p.StartsWith("can:", StringComparison.Ordinal))
            .Select(p => Enum.Parse<Capability>(p["can:".Length..]))
            .ToList();
        return [.. HostileInputFixture.SignedInRoles.Where(role => capabilities.All(c => Permissions.Allows([role], c)))];
    }

    // ---- The requests ----

    /// <summary>One request: who sends it, where, and what it does to the form's valid values.</summary>
    private sealed record Attempt(string Role, string Path, Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>> Fields, string Description);

    private string RouteValue(string template, string parameter, SeededRecords records) => (template, parameter) switch
    {
        (_, "patientId") => records.Patient.ToString(),
        (_, "token") => records.Token,
        _ when template.StartsWith("patients/", StringComparison.Ordinal) => records.Patient.ToString(),
        _ when template.StartsWith("assessments/", StringComparison.Ordinal) => records.Assessment.ToString(),
        _ when template.EndsWith("/void", StringComparison.Ordinal) => records.Voidable.ToString(),
        _ when template.Contains("/correct/steroid", StringComparison.Ordinal) => records.Steroid.ToString(),
        _ when template.Contains("/correct/rf", StringComparison.Ordinal) => records.Rf.ToString(),
        _ when template.StartsWith("procedures/", StringComparison.Ordinal) => records.Block.ToString(),
        // The RF's follow-ups: the first has the patient link; each action gets its own, so that one success leaves the others open.
        _ when template.StartsWith("follow-ups/", StringComparison.Ordinal) => records.FollowUps[
            template.EndsWith("/answer", StringComparison.Ordinal) ? 1 : template.EndsWith("/cancel", StringComparison.Ordinal) ? 2 : 3].ToString(),
        _ when template.StartsWith("protocols/", StringComparison.Ordinal) => records.ProtocolPoint.ToString(),
        _ when template.StartsWith("blinded-protocols/", StringComparison.Ordinal) => records.BlindedProtocol.ToString(),
        _ when template.StartsWith("admin/users/", StringComparison.Ordinal) => records.User,
        _ when template.StartsWith("admin/clinics/", StringComparison.Ordinal) => records.Clinic.ToString(),
        _ => throw new InvalidOperationException($"No seeded record for {{{parameter}}} of POST {template}: add one to RouteValue."),
    };

    private static string Path(PostRoute route, Func<string, string> value)
    {
        var path = route.Template;
        foreach (var parameter in route.RouteParameters)
        {
            path = Regex.Replace(path, "\\{" + parameter + "(:[^}]*)?\\}", Uri.EscapeDataString(value(parameter)));
        }
        return path;
    }

    /// <summary>
    /// One request per field and hostile value, as the admitted roles in turn; the valid form with another clinic's and a
    /// missing record in the route; and, as each role the endpoint refuses, the form with a NUL in every field.
    /// </summary>
    private List<Attempt> Plan(PostRoute route, string ownPath, Func<string, string> otherPath, Func<string, string> missingPath)
    {
        var attempts = new List<Attempt>();
        var turn = 0;
        string NextRole() => route.Admitted.Count == 0 ? Roles.Admin : route.Admitted[turn++ % route.Admitted.Count];

        foreach (var field in route.Fields)
        {
            foreach (var value in HostileValues(field))
            {
                attempts.Add(new Attempt(NextRole(), ownPath, form => With(form, field.Name, value), $"{field.Name} = {Describe(value)}"));
            }
        }
        if (route.RouteParameters.Count > 0)
        {
            attempts.Add(new Attempt(NextRole(), Path(route, otherPath), form => form, "another clinic's record in the route"));
            attempts.Add(new Attempt(NextRole(), Path(route, missingPath), form => form, "no such record in the route"));
        }
        if (route.Fields.Count == 0)
        {
            attempts.Add(new Attempt(NextRole(), ownPath, form => With(form, "Unexpected", "\0<script>"), "an unexpected field"));
        }
        static List<KeyValuePair<string, string>> NulEverywhere(List<KeyValuePair<string, string>> form) =>
            [.. form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value + "\0"))];
        var refusedRoles = route.Admitted.Contains(Anonymous) ? [] : HostileInputFixture.SignedInRoles.Append(Anonymous).Except(route.Admitted);
        foreach (var refused in refusedRoles)
        {
            attempts.Add(new Attempt(refused, ownPath, NulEverywhere, "a role it refuses, NUL in every field"));
        }
        return attempts;
    }

    private static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> baseline, string name, string value) =>
        [.. baseline.Where(f => f.Key != name), new(name, value)];

    private static string Describe(string value) =>
        value.Length > 40 ? $"{value.Length:N0} characters" : JsonSerializer.Serialize(value);

    /// <summary>
    /// Empty, NUL and other control characters, and a word where the type wants something else, for every field; a huge
    /// value and markup for text; out-of-range values, another clinic's and a missing id for numbers; extreme dates.
    /// </summary>
    private IEnumerable<string> HostileValues(Field field)
    {
        var type = Nullable.GetUnderlyingType(field.Type) ?? field.Type;
        yield return "";
        yield return "a\0b\u001b";
        if (type == typeof(string))
        {
            yield return new string('x', 100_000);
            yield return "<script>alert(1)</script>";
            yield break;
        }
        yield return "maybe";
        if (type == typeof(bool))
        {
            yield return "1";
        }
        else if (type.IsEnum)
        {
            yield return "999";
        }
        else if (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            yield return "0001-01-01";
            yield return "9999-12-31T23:59";
        }
        else if (type.IsPrimitive || type == typeof(decimal))
        {
            yield return "-1";
            yield return "99999999999999999999";
            if (field.Name.EndsWith("Id", StringComparison.Ordinal) || field.Name.EndsWith("Ids", StringComparison.Ordinal))
            {
                yield return app.Other.Patient.ToString();
                yield return NoSuchId.ToString();
            }
        }
    }

    /// <summary>The fields and values of the route's own form (found on its page or the nearest page above it), then valid samples.</summary>
    private async Task<List<KeyValuePair<string, string>>> BaselineAsync(PostRoute route, string role, string path)
    {
        var values = new List<KeyValuePair<string, string>>();
        var client = app.Clients[role];
        for (var page = path; page.Length > 0; page = page.Contains('/') ? page[..page.LastIndexOf('/')] : "")
        {
            var response = await client.GetAsync("/" + page);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }
            if (FormOn(await response.Content.ReadAsStringAsync(), "/" + path) is { } form)
            {
                values = form;
                break;
            }
        }
        if (ValidSamples().TryGetValue(route.Template, out var sample))
        {
            // The sample's fields replace the form's, and its collections (Diary[0]…) replace the form's rows.
            static string Collection(string name) => name.Contains('[') ? name[..name.IndexOf('[')] : name;
            var names = sample.Select(s => Collection(s.Item1)).ToHashSet();
            values = [.. values.Where(v => !names.Contains(Collection(v.Key))), .. sample.Select(s => new KeyValuePair<string, string>(s.Item1, s.Item2))];
        }
        // Changes and cancellations ask why; the form leaves that blank.
        return [.. values.Where(v => v.Key != "__RequestVerificationToken")
            .Select(v => v.Key == "Reason" && v.Value.Length == 0 ? new KeyValuePair<string, string>(v.Key, "Checked by the hostile-input test") : v)];
    }

    /// <summary>What a browser would submit from the form on <paramref name="html"/> that posts to <paramref name="action"/>.</summary>
    private static List<KeyValuePair<string, string>>? FormOn(string html, string action)
    {
        foreach (Match form in Regex.Matches(html, "<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline))
        {
            var target = Attribute(form.Groups[1].Value, "action");
            if (target is null || !string.Equals(target, action, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var body = form.Groups[2].Value;
            var fields = new List<KeyValuePair<string, string>>();
            foreach (Match input in Regex.Matches(body, "<input\\b[^>]*>"))
            {
                var name = Attribute(input.Value, "name");
                var type = Attribute(input.Value, "type") ?? "text";
                if (name is null || type is "submit" or "button" || type is "checkbox" or "radio" && !Regex.IsMatch(input.Value, "\\schecked\\b"))
                {
                    continue;
                }
                fields.Add(new(name, Attribute(input.Value, "value") ?? (type == "checkbox" ? "on" : "")));
            }
            foreach (Match select in Regex.Matches(body, "<select\\b([^>]*)>(.*?)</select>", RegexOptions.Singleline))
            {
                var name = Attribute(select.Groups[1].Value, "name");
                var options = Regex.Matches(select.Groups[2].Value, "<option\\b[^>]*>").Select(o => o.Value).ToList();
                var chosen = options.FirstOrDefault(o => Regex.IsMatch(o, "\\sselected\\b")) ?? options.FirstOrDefault();
                if (name is not null && chosen is not null)
                {
                    fields.Add(new(name, Attribute(chosen, "value") ?? ""));
                }
            }
            foreach (Match area in Regex.Matches(body, "<textarea\\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline))
            {
                if (Attribute(area.Groups[1].Value, "name") is { } name)
                {
                    fields.Add(new(name, WebUtility.HtmlDecode(area.Groups[2].Value)));
                }
            }
            return fields;
        }
        return null;
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, "\\s" + name + "=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private readonly Dictionary<string, string> _tokens = [];

    private async Task<string> TokenAsync(string role)
    {
        if (!_tokens.TryGetValue(role, out var token))
        {
            var page = await app.Clients[role].GetStringAsync(role == Anonymous ? "/account/login" : "/");
            _tokens[role] = token = Html.AntiforgeryToken(page);
        }
        return token;
    }

    private async Task<HttpResponseMessage> SendAsync(PostRoute route, Attempt attempt, List<KeyValuePair<string, string>> fields)
    {
        var token = await TokenAsync(attempt.Role);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + attempt.Path);
        request.Headers.Add("RequestVerificationToken", token);
        if (route.TakesJson)
        {
            var json = JsonSerializer.Serialize(fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last().Value));
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        else
        {
            request.Content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]);
        }
        return await app.Clients[attempt.Role].SendAsync(request);
    }

    /// <summary>One statement that sums a hash of every row of every data table (order-independent), with the row counts.</summary>
    private static async Task<string> ChecksumSqlAsync(NpgsqlConnection connection)
    {
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
            connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var parts = tables.Except(WrittenOnRefusal)
            .Select(t => $"(SELECT '{t}:' || count(*) || ':' || coalesce(sum(hashtext(x::text)), 0) FROM \"{t}\" x)");
        return "SELECT concat_ws(',', " + string.Join(", ", parts) + ")";
    }
}
