using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.IntegrationTests.Features.Blinding;

/// <summary>
/// Blinded, randomised controlled blocks (clinical-reference §9) through the app and the database: a protocol defined,
/// started and its list seen only by a preparer; blocks logged by kit code with the agent concealed until the diary is
/// complete or an audited emergency unblinding; allocations that cannot be changed, repeated or reached from another clinic.
/// </summary>
public sealed class BlindedProtocolTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static (string, string)[] Protocol(string name, string design = "PlaceboControlled", string strata = "None", params string[] sizes) =>
    [
        ("Name", name), ("Design", design), ("PlaceboComparator", "Bupivacaine"), ("Stratification", strata), ("KitsPerStratum", "10"),
        .. sizes.Select(s => ("BlockSizes", s)),
    ];

    private static (string, string)[] Block(string segment, string sequence, string? partner, string? agent, string? kit, params int[] diary)
    {
        int[] times = [15, 30, 60, 120, 180, 240, 360, 480, 1440];
        return
        [
            ("PerformedAt", partner is null ? "2026-10-05T09:30" : "2026-10-12T09:30"), ("OperatorName", "Dr Blind"), ("Guidance", "Fluoroscopy"), ("ConsentRecorded", "true"),
            ("Complication", "None"), ("PrePain", "8"), ("Targets[0].Segment", segment), ("Targets[0].Side", "Left"),
            ("Technique", "MedialBranch"), ("Agent", agent ?? ""), ("ConcentrationPercent", agent == "Bupivacaine" ? "0.5" : ""),
            ("KitCode", kit ?? ""), ("VolumeMlPerTarget", "0.5"), ("Sequence", sequence), ("PartnerProcedureId", partner ?? ""),
            .. times.Zip(diary).SelectMany((x, i) => new[] { ($"Diary[{i}].MinutesAfter", x.First.ToString()), ($"Diary[{i}].Pain", x.Second.ToString()) }),
        ];
    }

    private async Task<HttpClient> PreparerAsync(string clinic = "TEST")
    {
        var (email, password) = await app.UserAsync(Roles.Clinician, clinic: clinic);
        using (var scope = app.Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(email);
            Assert.True((await users.AddToRoleAsync(user!, Roles.Preparer)).Succeeded);
        }
        var client = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, password)).StatusCode);
        return client;
    }

    private async Task<int> StartedProtocolAsync(HttpClient clinician, string name, string design = "PlaceboControlled", string strata = "None", string clinic = "TEST")
    {
        var defined = await clinician.PostFormAsync("/blinded-protocols/new", "/blinded-protocols/new",
            Html.Fields([.. Protocol(name, design, strata, "2", "4"), ("ClinicId", (await app.ClinicAsync(clinic)).ToString())]));
        Assert.True(defined.StatusCode == HttpStatusCode.Redirect, await defined.Content.ReadAsStringAsync());
        var index = await clinician.GetStringAsync("/blinded-protocols");
        var id = int.Parse(Regex.Match(index, @"/blinded-protocols/(\d+)/start").Groups[1].Value);
        var version = Regex.Match(index, $@"/blinded-protocols/{id}/start""[^>]*>\s*<input type=""hidden"" name=""version"" value=""(\d+)""").Groups[1].Value;
        var started = await clinician.PostFormAsync("/blinded-protocols", $"/blinded-protocols/{id}/start", Html.Fields(("version", version)));
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, await started.Content.ReadAsStringAsync());
        return id;
    }

    private async Task<List<BlindedKit>> KitsAsync(int protocolId)
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        return await db.BlindedKits.AsNoTracking().Where(k => k.ProtocolId == protocolId).OrderBy(k => k.Stratum).ThenBy(k => k.Position).ToListAsync();
    }

    private static async Task<HttpResponseMessage> LogAsync(HttpClient client, int patientId, (string, string)[] fields) =>
        await client.PostFormAsync($"/patients/{patientId}/procedures/new/block", $"/patients/{patientId}/procedures/new/block", Html.Fields(fields));

    private static int IdOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"/procedures/(\d+)").Groups[1].Value);
    }

    private static async Task<string> PageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    /// <summary>Asserts that a refused page names <paramref name="message"/>, showing its error summary when it does not.</summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage response, string message)
    {
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var summary = string.Join(" | ", Regex.Matches(page, @"<li>([^<]*)</li>").Select(m => m.Groups[1].Value).Where(t => t.Contains(':') || t.Contains('.')));
        Assert.True(page.Contains(message, StringComparison.Ordinal), $"{(int)response.StatusCode}: expected \"{message}\", got: {summary}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string AgentShown(string page) => Regex.Match(page, @"<dd id=""agent"">([^<]*)</dd>").Groups[1].Value;

    /// <summary>An open-label bupivacaine block, then the placebo-controlled block with the first kit: (first, blinded, kit).</summary>
    private async Task<(int First, int Blinded, BlindedKit Kit)> BlindedPairAsync(HttpClient clinician, int protocolId, string mrn)
    {
        var patientId = await app.RegisterPatientAsync(clinician, mrn);
        var first = IdOf(await LogAsync(clinician, patientId, Block("T12-L1", "Single", null, "Bupivacaine", null, 1, 1, 1, 1, 1, 1, 2, 6, 8)));
        var kit = (await KitsAsync(protocolId)).First(k => k.Position == 1);
        var blinded = IdOf(await LogAsync(clinician, patientId, Block("T12-L1", "PlaceboControlled", first.ToString(), null, kit.KitCode.ToLowerInvariant().Replace("-", " "), 2, 1, 1, 2)));
        return (first, blinded, kit);
    }

    [Fact]
    public async Task A_protocol_without_strata_or_block_sizes_is_refused_naming_each_field_and_nothing_is_written()
    {
        var clinician = await app.ClinicianAsync();
        var response = await clinician.PostFormAsync("/blinded-protocols/new", "/blinded-protocols/new",
            Html.Fields(("ClinicId", (await app.ClinicAsync()).ToString()), ("Name", "No strata"), ("Design", "PlaceboControlled"), ("PlaceboComparator", "Bupivacaine"), ("KitsPerStratum", "10")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Strata: choose one list for all segments", page);
        Assert.Contains("Block sizes: give at least one permuted-block size", page);
        Assert.Contains("<select", page); // the form again, with its clinic choice

        var odd = await clinician.PostFormAsync("/blinded-protocols/new", "/blinded-protocols/new", Html.Fields([.. Protocol("Odd", sizes: ["3"]), ("ClinicId", (await app.ClinicAsync()).ToString())]));
        await AssertRefusedAsync(odd, "Block sizes: each size must be an even number");

        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.ControlledBlockProtocols.AnyAsync(p => p.Name == "No strata" || p.Name == "Odd"));
    }

    [Fact]
    public async Task Starting_draws_a_balanced_list_once_that_only_a_preparer_sees_and_every_view_is_audited()
    {
        var clinician = await app.ClinicianAsync();
        var id = await StartedProtocolAsync(clinician, "Saline control, stratified", strata: "SegmentGroup");

        var kits = await KitsAsync(id);
        foreach (var stratum in new[] { Stratum.ThoracolumbarJunction, Stratum.LowerLumbar })
        {
            var list = kits.Where(k => k.Stratum == stratum).ToList();
            Assert.InRange(list.Count, 10, 13);
            Assert.Equal(list.Count / 2, list.Count(k => k.Arm == AllocationArm.Saline));
        }
        Assert.All(kits, k => Assert.Matches(AllocationList.KitCodePattern, k.KitCode));

        // Started once: a second start is refused on the list page, and draws nothing.
        var index = await clinician.GetStringAsync("/blinded-protocols");
        Assert.DoesNotContain($"/blinded-protocols/{id}/start", index);
        var again = await clinician.PostFormAsync("/blinded-protocols", $"/blinded-protocols/{id}/start", Html.Fields(("version", "0")));
        await AssertRefusedAsync(again, "its list is drawn once");
        Assert.Equal(kits.Count, (await KitsAsync(id)).Count);

        // The operator sees no list, and no arm anywhere.
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync($"/blinded-protocols/{id}/list")).StatusCode);
        Assert.DoesNotContain("saline</td>", index);

        var preparer = await PreparerAsync();
        var listPage = await PageAsync(preparer, $"/blinded-protocols/{id}/list");
        Assert.Contains(kits[0].KitCode, listPage);
        Assert.Contains("normal saline", listPage);
        Assert.Contains("bupivacaine 0.5 %", listPage);

        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "StartBlindedProtocol" && a.EntityId == id.ToString()));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ViewAllocationList" && a.EntityId == id.ToString() && a.Outcome == "Succeeded"));
    }

    [Fact]
    public async Task The_operator_logs_a_kit_code_and_sees_the_agent_only_once_the_diary_is_complete_while_the_preparer_always_does()
    {
        var clinician = await app.ClinicianAsync();
        var protocolId = await StartedProtocolAsync(clinician, "Saline control");
        var (first, blinded, kit) = await BlindedPairAsync(clinician, protocolId, "BLIND-1");

        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            var block = await db.Procedures.AsNoTracking().SingleAsync(p => p.Id == blinded);
            var expected = kit.Arm == AllocationArm.Saline ? BlockAgent.Saline : BlockAgent.Bupivacaine;
            Assert.Equal(expected, block.Agent);
            Assert.Equal(expected == BlockAgent.Saline ? null : 0.5m, block.ConcentrationPercent);
            var allocation = await db.KitAllocations.AsNoTracking().SingleAsync(a => a.ProcedureId == blinded);
            Assert.Equal((kit.Id, 1), (allocation.KitId, allocation.Dose));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "LogBlindedBlock" && a.EntityId == blinded.ToString()));
        }

        var page = await PageAsync(clinician, $"/procedures/{blinded}");
        Assert.Equal($"blinded: kit {kit.KitCode}", AgentShown(page));
        Assert.DoesNotContain("Placebo-controlled:", page);
        Assert.DoesNotContain("Comparative pair:", page);
        Assert.DoesNotContain($"/procedures/{blinded}/correct", page);
        Assert.Contains($"/procedures/{blinded}/unblind", page);
        var timeline = await PageAsync(clinician, $"/patients/{(await PatientOfAsync(blinded))}");
        Assert.Contains($"blinded, kit {kit.KitCode}", timeline);
        Assert.DoesNotContain("Diagnostic block (saline", timeline);
        var firstPage = await PageAsync(clinician, $"/procedures/{first}");
        Assert.DoesNotContain("Placebo-controlled:", firstPage);
        Assert.DoesNotContain("Comparative pair:", firstPage);

        var preparer = await PreparerAsync();
        var prepared = AgentShown(await PageAsync(preparer, $"/procedures/{blinded}"));
        Assert.StartsWith(kit.Arm == AllocationArm.Saline ? "Saline" : "Bupivacaine", prepared);

        // The diary reaches 24 h: the agent is shown to the operator too.
        var diaryForm = await clinician.GetStringAsync($"/procedures/{blinded}/diary");
        var version = Regex.Match(diaryForm, @"name=""Version"" value=""(\d+)""").Groups[1].Value;
        var diary = await clinician.PostFormAsync($"/procedures/{blinded}/diary", $"/procedures/{blinded}/diary", Html.Fields(
            ("Version", version), ("Reason", "24 h score phoned in"), ("PrePain", "8"),
            ("Diary[0].MinutesAfter", "15"), ("Diary[0].Pain", "2"), ("Diary[1].MinutesAfter", "1440"), ("Diary[1].Pain", "8")));
        Assert.Equal(HttpStatusCode.Redirect, diary.StatusCode);
        var after = await PageAsync(clinician, $"/procedures/{blinded}");
        Assert.StartsWith(kit.Arm == AllocationArm.Saline ? "Saline" : "Bupivacaine", AgentShown(after));
        Assert.Contains("The diary is complete, so the agent is shown.", after);
        // The pair is read once the agent is known: against saline, or as two anesthetic blocks when the kit held the anesthetic.
        Assert.Contains(kit.Arm == AllocationArm.Saline ? "Placebo-controlled:" : "Comparative pair:", after);
    }

    private async Task<int> PatientOfAsync(int procedureId)
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        return await db.Procedures.Where(p => p.Id == procedureId).Select(p => p.PatientId).SingleAsync();
    }

    [Fact]
    public async Task A_kit_dose_is_given_to_one_block_only_and_a_wrong_or_foreign_kit_is_refused_with_nothing_written()
    {
        var clinician = await app.ClinicianAsync();
        var protocolId = await StartedProtocolAsync(clinician, "One dose each");
        var (first, blinded, kit) = await BlindedPairAsync(clinician, protocolId, "BLIND-2");
        var patientId = await PatientOfAsync(blinded);

        async Task RefusedAsync((string, string)[] fields, string message)
        {
            var response = await LogAsync(clinician, patientId, fields);
            await AssertRefusedAsync(response, message);
        }
        await using var db = TestDatabases.Context(app.ConnectionString);
        var procedures = await db.Procedures.CountAsync();

        await RefusedAsync(Block("T12-L1", "PlaceboControlled", first.ToString(), null, kit.KitCode, 2), $"Kit code: dose 1 of kit {kit.KitCode} was already given to another block.");
        await RefusedAsync(Block("T12-L1", "PlaceboControlled", first.ToString(), null, "ZZZZ", 2), "Kit code: type the 8 characters");
        await RefusedAsync(Block("T12-L1", "PlaceboControlled", first.ToString(), null, "3333-3333", 2), "Kit code: no kit 3333-3333 belongs to a started blinded protocol");
        var second = (await KitsAsync(protocolId)).First(k => k.Position == 2);
        await RefusedAsync(Block("T12-L1", "Single", null, null, second.KitCode, 2), "Block sequence: a kit of");
        await RefusedAsync(Block("T12-L1", "PlaceboControlled", first.ToString(), "Saline", second.KitCode, 2), "Agent: leave it empty for a blinded block");

        // Another clinic's kit is unknown here, and another clinic's protocol answers 404.
        var other = await app.ClinicianAsync("OTHER");
        var otherProtocol = await StartedProtocolAsync(other, "Other clinic's", clinic: "OTHER");
        var foreignKit = (await KitsAsync(otherProtocol)).First();
        await RefusedAsync(Block("T12-L1", "PlaceboControlled", first.ToString(), null, foreignKit.KitCode, 2), $"Kit code: no kit {foreignKit.KitCode} belongs");
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.PostFormAsync("/blinded-protocols", $"/blinded-protocols/{otherProtocol}/start", Html.Fields(("version", "0")))).StatusCode);
        var preparer = await PreparerAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await preparer.GetAsync($"/blinded-protocols/{otherProtocol}/list")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await preparer.GetAsync("/blinded-protocols/999999/list")).StatusCode);
        Assert.DoesNotContain("Other clinic's", await clinician.GetStringAsync("/blinded-protocols"));

        Assert.Equal(procedures, await db.Procedures.CountAsync());
        Assert.Equal(1, await db.KitAllocations.CountAsync(a => a.Kit!.ProtocolId == protocolId));
        Assert.Equal(0, await db.KitAllocations.CountAsync(a => a.Kit!.ProtocolId == otherProtocol));
    }

    [Fact]
    public async Task Two_operators_giving_the_same_kit_dose_at_once_get_one_block_and_one_clear_refusal()
    {
        var clinician = await app.ClinicianAsync();
        var other = await app.ClinicianAsync();
        var protocolId = await StartedProtocolAsync(clinician, "Race");
        var kit = (await KitsAsync(protocolId)).First();
        var patientId = await app.RegisterPatientAsync(clinician, "RACE-1");
        var first = IdOf(await LogAsync(clinician, patientId, Block("T12-L1", "Single", null, "Bupivacaine", null, 1, 1)));
        var url = $"/patients/{patientId}/procedures/new/block";
        var fields = Html.Fields(Block("T12-L1", "PlaceboControlled", first.ToString(), null, kit.KitCode, 2, 1)).ToList();
        var tokens = new[] { Html.AntiforgeryToken(await clinician.GetStringAsync(url)), Html.AntiforgeryToken(await other.GetStringAsync(url)) };

        var responses = await Task.WhenAll(
            clinician.PostAsync(url, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", tokens[0])))),
            other.PostAsync(url, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", tokens[1])))));

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.BadRequest], responses.Select(r => r.StatusCode).Order());
        // The handler's check, or the unique index when both passed it at once.
        var refusal = WebUtility.HtmlDecode(await responses.Single(r => r.StatusCode == HttpStatusCode.BadRequest).Content.ReadAsStringAsync());
        Assert.True(refusal.Contains($"dose 1 of kit {kit.KitCode} was already given") || refusal.Contains("ix_kit_allocations_kit_id_dose"), refusal);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(1, await db.KitAllocations.CountAsync(a => a.KitId == kit.Id));
        Assert.Equal(2, await db.Procedures.CountAsync(p => p.PatientId == patientId));
    }

    [Fact]
    public async Task A_stratified_kit_goes_only_to_a_block_of_its_segment_group()
    {
        var clinician = await app.ClinicianAsync();
        var protocolId = await StartedProtocolAsync(clinician, "Stratified", strata: "SegmentGroup");
        var kits = await KitsAsync(protocolId);
        var lumbar = kits.First(k => k.Stratum == Stratum.LowerLumbar);
        var junction = kits.First(k => k.Stratum == Stratum.ThoracolumbarJunction);
        var patientId = await app.RegisterPatientAsync(clinician, "BLIND-3");
        var first = IdOf(await LogAsync(clinician, patientId, Block("T12-L1", "Single", null, "Bupivacaine", null, 1, 1)));

        var wrong = await LogAsync(clinician, patientId, Block("T12-L1", "PlaceboControlled", first.ToString(), null, lumbar.KitCode, 2));
        await AssertRefusedAsync(wrong, $"Kit code: kit {lumbar.KitCode} is for the lower lumbar (L2-L3 to L5-S1) stratum");
        IdOf(await LogAsync(clinician, patientId, Block("T12-L1", "PlaceboControlled", first.ToString(), null, junction.KitCode, 2)));
    }

    [Fact]
    public async Task An_emergency_unblinding_needs_a_reason_is_audited_and_ends_the_blinded_diary()
    {
        var clinician = await app.ClinicianAsync();
        var protocolId = await StartedProtocolAsync(clinician, "Unblinding");
        var (_, blinded, kit) = await BlindedPairAsync(clinician, protocolId, "BLIND-4");
        await using var db = TestDatabases.Context(app.ConnectionString);

        var noReason = await clinician.PostFormAsync($"/procedures/{blinded}/unblind", $"/procedures/{blinded}/unblind", Html.Fields(("Reason", " ")));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var refusedPage = WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync());
        Assert.Contains("Reason for unblinding is required", refusedPage);
        Assert.DoesNotContain("Saline", refusedPage);
        Assert.False(await db.BlockUnblindings.AnyAsync(u => u.ProcedureId == blinded));

        var done = await clinician.PostFormAsync($"/procedures/{blinded}/unblind", $"/procedures/{blinded}/unblind", Html.Fields(("Reason", "Suspected vasovagal reaction")));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var page = await PageAsync(clinician, $"/procedures/{blinded}");
        Assert.StartsWith(kit.Arm == AllocationArm.Saline ? "Saline" : "Bupivacaine", AgentShown(page));
        Assert.Contains("Unblinded in an emergency", page);
        Assert.Contains("Suspected vasovagal reaction", page);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "UnblindBlock" && a.EntityId == blinded.ToString() && a.Outcome == "Succeeded"));

        var twice = await clinician.PostFormAsync($"/procedures/{blinded}", $"/procedures/{blinded}/unblind", Html.Fields(("Reason", "Again")));
        await AssertRefusedAsync(twice, "already unblinded");
        Assert.Equal(1, await db.BlockUnblindings.CountAsync(u => u.ProcedureId == blinded));

        // The diary taker may no longer enter scores: they would not be blinded.
        var diaryForm = await clinician.GetStringAsync($"/procedures/{blinded}/diary");
        var version = Regex.Match(diaryForm, @"name=""Version"" value=""(\d+)""").Groups[1].Value;
        var diary = await clinician.PostFormAsync($"/procedures/{blinded}/diary", $"/procedures/{blinded}/diary", Html.Fields(
            ("Version", version), ("Reason", "late scores"), ("PrePain", "8"), ("Diary[0].MinutesAfter", "1440"), ("Diary[0].Pain", "8")));
        await AssertRefusedAsync(diary, "was unblinded on");
        Assert.DoesNotContain(await db.Procedures.AsNoTracking().Where(p => p.Id == blinded).SelectMany(p => p.Diary).ToListAsync(), d => d.MinutesAfter == 1440);

        // Unblinding an open-label block is refused too.
        var notBlinded = await db.Procedures.AsNoTracking().Where(p => p.PartnerProcedureId == null && p.Id < blinded).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync();
        var open = await clinician.PostFormAsync($"/procedures/{notBlinded}", $"/procedures/{notBlinded}/unblind", Html.Fields(("Reason", "Curious")));
        await AssertRefusedAsync(open, "This block is not blinded");
    }

    [Fact]
    public async Task A_blinded_blocks_allocation_cannot_be_corrected_through_the_app()
    {
        var clinician = await app.ClinicianAsync();
        var protocolId = await StartedProtocolAsync(clinician, "No corrections");
        var (first, blinded, _) = await BlindedPairAsync(clinician, protocolId, "BLIND-5");

        var form = await clinician.GetAsync($"/procedures/{blinded}/correct");
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        var patientId = await PatientOfAsync(blinded);
        var firstForm = await clinician.GetStringAsync($"/procedures/{first}/correct");
        var post = await clinician.PostAsync($"/procedures/{blinded}/correct/block", new FormUrlEncodedContent(Html.Fields(
            [.. Block("T12-L1", "PlaceboControlled", first.ToString(), "Saline", null, 2), ("Reason", "change agent"), ("Version", "1"),
             ("__RequestVerificationToken", Html.AntiforgeryToken(firstForm))])));
        await AssertRefusedAsync(post, "took a kit of a blinded protocol");
        // A kit cannot be added to an open-label block by correcting it either.
        var kit = (await KitsAsync(protocolId)).First(k => k.Position == 2);
        var addKit = await clinician.PostAsync($"/procedures/{first}/correct/block", new FormUrlEncodedContent(Html.Fields(
            [.. Block("T12-L1", "Single", null, null, kit.KitCode, 1), ("Reason", "add a kit"), ("Version", "1"),
             ("__RequestVerificationToken", Html.AntiforgeryToken(firstForm))])));
        Assert.Equal(HttpStatusCode.BadRequest, addKit.StatusCode);

        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.ProcedureRevisions.AnyAsync(r => r.ProcedureId == blinded || r.ProcedureId == first));
        Assert.Equal(1, await db.KitAllocations.CountAsync(a => a.Kit!.ProtocolId == protocolId));
        Assert.True(patientId > 0);
    }

    [Fact]
    public async Task The_procedures_export_leaves_a_concealed_agent_out_for_all_but_a_preparer()
    {
        var clinician = await app.ClinicianAsync();
        var protocolId = await StartedProtocolAsync(clinician, "Export");
        var (first, blinded, _) = await BlindedPairAsync(clinician, protocolId, "BLIND-6");
        var clinicId = await app.ClinicAsync();

        static string[] Row(string csv, int id) => csv.Split('\n').Single(l => l.StartsWith($"{id},", StringComparison.Ordinal)).Split(',');
        var header = (await clinician.GetStringAsync($"/data/export/{clinicId}/procedures.csv")).Split('\n')[0].Split(',');
        var agent = Array.IndexOf(header, "agent");
        Assert.True(agent > 0, string.Join(",", header));
        var exported = await clinician.GetStringAsync($"/data/export/{clinicId}/procedures.csv");
        Assert.Equal("", Row(exported, blinded)[agent]);
        Assert.Equal("Bupivacaine", Row(exported, first)[agent]);
        var prepared = await (await PreparerAsync()).GetStringAsync($"/data/export/{clinicId}/procedures.csv");
        Assert.NotEqual("", Row(prepared, blinded)[agent]);
    }

    [Fact]
    public async Task The_outcome_report_gives_the_placebo_response_rate_of_the_blinded_blocks_by_arm_through_the_small_cell_rule()
    {
        var clinic = await app.ClinicAsync("RPT");
        var clinician = await app.ClinicianAsync("RPT");
        var protocolId = await StartedProtocolAsync(clinician, "Report", clinic: "RPT");
        var kits = (await KitsAsync(protocolId)).Take(10).ToList();
        foreach (var (kit, i) in kits.Select((k, i) => (k, i)))
        {
            var patientId = await app.RegisterPatientAsync(clinician, $"RPT-{i}", "RPT");
            var first = IdOf(await LogAsync(clinician, patientId, Block("T12-L1", "Single", null, "Bupivacaine", null, 1, 1, 1, 1, 1, 1, 2, 6, 8)));
            // Even kits relieve (positive), odd ones do not (negative), whatever their arm.
            int[] diary = i % 2 == 0 ? [2, 1, 1, 2] : [8, 7, 8, 8];
            IdOf(await LogAsync(clinician, patientId, Block("T12-L1", "PlaceboControlled", first.ToString(), null, kit.KitCode, diary)));
            // An RF follows; at 3 months it succeeded (pain 8 -> 2) where the saline block gave no relief, and failed where it did.
            var rf = await clinician.LogRfAsync(patientId, "2026-11-02T10:00");
            await using var owner = new NpgsqlConnection(app.ConnectionString);
            await owner.OpenAsync();
            await using var answer = new NpgsqlCommand(
                "UPDATE follow_ups SET status = 'Answered', answered_at = now(), pain = @pain, relief_percent = 50, pgic = 5, " +
                "other_treatment = false, answered_via = 'Phone', answered_by_name = 'test' WHERE procedure_id = @rf AND days_after BETWEEN 60 AND 120", owner);
            answer.Parameters.AddWithValue("pain", i % 2 == 0 ? 8 : 2);
            answer.Parameters.AddWithValue("rf", rf);
            Assert.Equal(1, await answer.ExecuteNonQueryAsync());
        }

        var (report, documents, _) = await app.Factory.Services.GetRequiredService<ProcedureRegistry.Web.Features.Reports.ReportComputation>()
            .ComputeDocumentsAsync(new ProcedureRegistry.Web.Features.Reports.ReportFilters { ClinicIds = [clinic] });
        var html = WebUtility.HtmlDecode(documents.Html);
        Assert.Contains("Blinded, randomised controlled blocks", html);
        Assert.Contains("10 blocks logged with a kit of 1 blinded protocol(s)", html);
        Assert.DoesNotContain(kits[0].KitCode, html);

        var section = report.Blinded!;
        Assert.Equal((1, 10, 10), (section.Protocols, section.Blocks, section.BlindedPlaceboInjections));
        var saline = kits.Select((k, i) => (k, i)).Where(x => x.k.Arm == AllocationArm.Saline).ToList();
        var placebo = section.Result.PlaceboResponse.Rate;
        Assert.Equal((saline.Count(x => x.i % 2 == 0), saline.Count), (placebo.Successes, placebo.Total));
        Assert.Equal((5 - saline.Count(x => x.i % 2 == 0), kits.Count - saline.Count),
            (section.Result.AnestheticResponse.Rate.Successes, section.Result.AnestheticResponse.Rate.Total));
        // The CSV carries the rows, withheld where a count is under 5.
        var row = report.Figures().Single(r => r[0] == "blinded" && r[1] == "placebo response rate");
        Assert.Equal(ProcedureRegistry.Web.Features.Reports.BlindedBlocksSection.Hidden(placebo) ? "< 5" : placebo.Successes.ToString(), row[3]);
        Assert.Contains("blinded,blinded blocks,all,,10,", report.ToCsv());
        // Criterion 4 on the saline-controlled cases only: one case per saline kit, each followed by an RF read at 3 months;
        // fewer than 10 patients, so not enough data for a verdict, but the figures are there.
        Assert.Equal(saline.Count, section.Criterion4.LoggedCases);
        var rfArm = section.Criterion4.Radiofrequency;
        Assert.Equal(saline.Count, rfArm.Flow.Analysed);
        var controlledPositive = saline.Count(x => x.i % 2 == 1);
        Assert.Equal((controlledPositive, controlledPositive), (rfArm.Primary.PositivePredictiveValue.Successes, rfArm.Primary.PositivePredictiveValue.Total));
        Assert.Equal(ProcedureRegistry.Domain.Analysis.Verdict.NotEnoughData, section.Criterion4.Radiofrequency.Verdict.Verdict);
        Assert.Contains(report.Figures(), r => r[0] == "blinded" && r[1] == "criterion-4 PPV, blinded saline-controlled cases" && r[8] == "not enough data");
        Assert.Contains("Criterion 4 on blinded saline-controlled cases only", html);
    }

    [Theory]
    [InlineData("UPDATE kit_allocations SET dose = 2")]
    [InlineData("DELETE FROM kit_allocations")]
    [InlineData("TRUNCATE kit_allocations")]
    [InlineData("UPDATE blinded_kits SET arm = 'Saline'")]
    [InlineData("DELETE FROM blinded_kits")]
    [InlineData("UPDATE block_unblindings SET reason = 'x'")]
    [InlineData("DELETE FROM block_unblindings")]
    public async Task Allocations_cannot_be_changed_or_removed_in_sql_as_the_apps_role(string statement)
    {
        var clinician = await app.ClinicianAsync();
        var protocolId = await StartedProtocolAsync(clinician, "SQL " + Guid.NewGuid().ToString("N")[..8]);
        await BlindedPairAsync(clinician, protocolId, "SQL-" + Guid.NewGuid().ToString("N")[..8]);

        await using (var asApp = new NpgsqlConnection(app.ApplicationConnectionString))
        {
            await asApp.OpenAsync();
            var refused = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(statement, asApp).ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        // The owner is refused by the trigger, whatever its privileges.
        await using var asOwner = new NpgsqlConnection(app.ConnectionString);
        await asOwner.OpenAsync();
        await using (var seed = new NpgsqlCommand("INSERT INTO block_unblindings (procedure_id, reason, unblinded_at, unblinded_by_name) SELECT procedure_id, 'seed', now(), 'test' FROM kit_allocations ON CONFLICT DO NOTHING", asOwner))
        {
            await seed.ExecuteNonQueryAsync();
        }
        var stopped = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(statement, asOwner).ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, stopped.SqlState);
        Assert.Contains("append-only", stopped.MessageText);
    }
}
