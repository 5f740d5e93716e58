using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MediatR;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Features.Users;

// Issue 3's benchmarks, on this machine, in one run:
//  1. logging a procedure end to end over HTTP (signed-in user, antiforgery token) at C concurrent clients, against
//     pgbench running the same SQL statements the handler issues, in one transaction, at the same concurrency;
//  2. the server time of a patient's timeline page with 50 procedures and 300 pain scores (median of 200 renders).
// Usage: dotnet run -c Release --project tests/ProcedureRegistry.Benchmarks [seconds per run, default 15] [clients, default "1,4,8"]
// Each concurrency first runs the same load for a third of the run (at least 5 s), unmeasured: the JIT compiles the
// hot paths again, optimized, during the first seconds under load, and a rate sustained is the rate after that.
// BENCH_SHOW_SQL=1 prints the statements one logged procedure sends, from PostgreSQL's own log, to compare with the
// pgbench script (Pgbench.cs).
// The other benchmarks are subcommands: report N (ReportBenchmark), reminders N C (ReminderBenchmark),
// worklist N (WorklistBenchmark), seed N[,N] (SeedBenchmark).
if (args.FirstOrDefault() == "report")
{
    await ReportBenchmark.RunAsync(args[1..]);
    return;
}
if (args.FirstOrDefault() == "reminders")
{
    await ReminderBenchmark.RunAsync(args[1..]);
    return;
}
if (args.FirstOrDefault() == "worklist")
{
    await WorklistBenchmark.RunAsync(args[1..]);
    return;
}
if (args.FirstOrDefault() == "seed")
{
    await SeedBenchmark.RunAsync(args[1..]);
    return;
}
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
var concurrencies = (args.Length > 1 ? args[1] : "1,4,8").Split(',').Select(int.Parse).ToArray();
var warmUpSeconds = Math.Max(5, seconds / 3);

var server = await PostgresServer.InstanceAsync();
var connectionString = await TestDatabases.CreateAsync("bench");
await using var app = new RegistryFactory(connectionString);
var root = app.StartOnKestrel();
Console.WriteLine($"PostgreSQL: {server.Description}");
var optimized = typeof(ProcedureRegistry.Web.Data.RegistryDbContext).Assembly
    .GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().All(d => !d.IsJITOptimizerDisabled);
Console.WriteLine($"App: {root} (optimized build: {optimized}, {Environment.ProcessorCount} cores)");

var (email, password) = await CreateClinicianAsync(app);
var results = new List<string>();

foreach (var clients in concurrencies)
{
    var sessions = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Session.OpenAsync(root, email, password, $"BENCH-{clients}-{i}")));
    var warmUp = Stopwatch.StartNew();
    await Task.WhenAll(sessions.Select(async s =>
    {
        while (warmUp.Elapsed.TotalSeconds < warmUpSeconds)
        {
            await s.LogRfAsync();
        }
        s.ServerMs.Clear();
    }));
    if (Environment.GetEnvironmentVariable("BENCH_SHOW_SQL") == "1" && clients == concurrencies[0])
    {
        await ShowSqlAsync(server, sessions[0]);
    }
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var stop = Stopwatch.StartNew();
    var counts = await Task.WhenAll(sessions.Select(async s =>
    {
        var n = 0;
        while (stop.Elapsed.TotalSeconds < seconds)
        {
            await s.LogRfAsync();
            n++;
        }
        return n;
    }));
    var httpRate = counts.Sum() / stop.Elapsed.TotalSeconds;
    // This process is the app and the HTTP clients: its CPU per request is less noisy than rates on a shared machine.
    var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / counts.Sum();
    var load = LoadAverage();
    var pgbenchRate = await Pgbench.RunAsync(server, connectionString, clients, seconds, [.. sessions.Select(s => s.PatientId)], "extended");
    var pgbenchSimple = await Pgbench.RunAsync(server, connectionString, clients, seconds, [.. sessions.Select(s => s.PatientId)], "simple");
    var serverMs = sessions.SelectMany(s => s.ServerMs).Order().ToList();
    results.Add($"| {clients} | {httpRate:0} | {pgbenchRate:0} | **{httpRate / pgbenchRate:P0}** | {pgbenchSimple:0} | {httpRate / pgbenchSimple:P0} | {serverMs[serverMs.Count / 2]:0.0} ms | {cpuMs:0.0} ms | {load} |");
    Console.WriteLine($"clients {clients}: HTTP {httpRate:0.0} procedures/s, pgbench same SQL {pgbenchRate:0.0} tps extended protocol (ratio {httpRate / pgbenchRate:P1}), {pgbenchSimple:0.0} tps simple protocol (ratio {httpRate / pgbenchSimple:P1}) (load average {load})");
}

// Timeline: a patient with 50 procedures (blocks with 6 diary scores each: 300 scores).
var timeline = await Session.OpenAsync(root, email, password, "BENCH-TIMELINE");
for (var i = 0; i < 50; i++)
{
    await timeline.LogBlockAsync(i);
}
var serverTimes = new List<double>();
var clientTimes = new List<double>();
for (var i = 0; i < 220; i++)
{
    var watch = Stopwatch.StartNew();
    using var response = await timeline.Client.GetAsync($"/patients/{timeline.PatientId}");
    await response.Content.ReadAsStringAsync();
    watch.Stop();
    if (i >= 20) // the first renders compile views and warm caches
    {
        serverTimes.Add(double.Parse(Regex.Match(response.Headers.GetValues("Server-Timing").Single(), @"dur=([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture));
        clientTimes.Add(watch.Elapsed.TotalMilliseconds);
    }
}
static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
static double P95(List<double> values) => values.Order().ElementAt((int)(values.Count * 0.95));

Console.WriteLine();
Console.WriteLine($"Logging an RF denervation over HTTP vs pgbench with the handler's SQL ({seconds} s per run after {warmUpSeconds} s of warm-up):");
Console.WriteLine("| clients | HTTP procedures/s | pgbench tps, same SQL, extended protocol (as Npgsql sends it) | ratio | pgbench tps, simple protocol | ratio | server time per request, median | CPU per request (app and client) | load average (1 min) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
results.ForEach(Console.WriteLine);
Console.WriteLine($"Timeline of a patient with 50 procedures and 300 diary scores, 200 renders: server median {Median(serverTimes):0.0} ms " +
                  $"(p95 {P95(serverTimes):0.0} ms); as the client sees it, median {Median(clientTimes):0.0} ms.");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

// Logs one procedure with log_statement = 'all' and prints what PostgreSQL received (the pool's own
// statements included), for comparison with the pgbench script.
static async Task ShowSqlAsync(PostgresServer server, Session session)
{
    async Task SetAsync(string value)
    {
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var set = new Npgsql.NpgsqlCommand($"ALTER SYSTEM SET log_statement = '{value}'", connection);
        await set.ExecuteNonQueryAsync();
        await using var reload = new Npgsql.NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync();
    }
    var log = Directory.GetFiles(Regex.Match(server.Description, @"(/\S+)").Groups[1].Value, "server.log").SingleOrDefault();
    if (log is null)
    {
        Console.WriteLine("BENCH_SHOW_SQL: no server.log (only the local cluster keeps one)");
        return;
    }
    await SetAsync("all");
    await Task.Delay(500);
    var start = new FileInfo(log).Length;
    await session.LogRfAsync();
    await SetAsync("none");
    await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
    stream.Seek(start, SeekOrigin.Begin);
    Console.WriteLine("Statements of one logged procedure, as PostgreSQL received them:");
    foreach (var line in (await new StreamReader(stream).ReadToEndAsync()).Split('\n')
                 .Where(l => l.Contains("statement: ") || l.Contains("execute <unnamed>: ")).Where(l => !l.Contains("log_statement") && !l.Contains("pg_reload_conf")))
    {
        Console.WriteLine("  " + Regex.Replace(line, @"^.*?(statement|execute <unnamed>): ", ""));
    }
}

static async Task<(string, string)> CreateClinicianAsync(RegistryFactory app)
{
    await using var scope = app.Services.CreateAsyncScope();
    var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
    var clinic = await mediator.Send(new CreateClinic.Command { Code = "BENCH", Name = "Benchmark clinic", TimeZone = "Europe/Paris" });
    var user = await mediator.Send(new CreateUser.Command
    {
        Email = "bench@bench.test", DisplayName = "Dr Bench", Role = Roles.Clinician, ClinicIds = [clinic.Value],
    });
    return (user.Value!.Email, user.Value.InitialPassword);
}

/// <summary>One signed-in browser-like client with its own patient and an antiforgery token it reuses, as a form page would.</summary>
internal sealed class Session
{
    private string _token = "";
    public HttpClient Client { get; private init; } = null!;
    public int PatientId { get; private set; }

    public static async Task<Session> OpenAsync(Uri root, string email, string password, string mrn)
    {
        var session = new Session
        {
            Client = new HttpClient(new CookieContainerHandler(new CookieContainer()) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } })
            {
                BaseAddress = root,
            },
        };
        var signIn = await session.Client.PostFormAsync("/account/login", "/account/login", Html.Fields(("Email", email), ("Password", password)));
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Sign-in failed: " + signIn.StatusCode);
        }
        var registered = await session.Client.PostFormAsync("/patients/new", "/patients/new", Html.Fields(
            ("ClinicId", Regex.Match(await session.Client.GetStringAsync("/patients/new"), "name=\"ClinicId\" value=\"(\\d+)\"").Groups[1].Value),
            ("Mrn", mrn), ("FamilyName", "Bench"), ("GivenName", "Patient"), ("DateOfBirth", "1960-01-01"), ("Sex", "Female"),
            ("ReminderConsent", "false"), ("PreferredChannel", "None"), ("TimeZone", "Europe/Paris")));
        session.PatientId = int.Parse(Regex.Match(registered.Headers.Location!.OriginalString, @"/patients/(\d+)").Groups[1].Value);
        session._token = Html.AntiforgeryToken(await session.Client.GetStringAsync($"/patients/{session.PatientId}/procedures/new/rf"));
        return session;
    }

    /// <summary>Server time of each logged procedure, from the Server-Timing header.</summary>
    public List<double> ServerMs { get; } = [];

    public async Task LogRfAsync()
    {
        using var response = await Client.PostAsync($"/patients/{PatientId}/procedures/new/rf", new FormUrlEncodedContent(Html.Fields(
            ("__RequestVerificationToken", _token), ("PerformedAt", "2026-11-02T10:00"), ("OperatorName", "Dr Bench"), ("Guidance", "Fluoroscopy"),
            ("ConsentRecorded", "true"), ("Complication", "None"), ("PrePain", "7"), ("Targets[0].Segment", "T12-L1"), ("Targets[0].Side", "Left"),
            ("Mode", "ConventionalThermal"), ("TemperatureC", "85"), ("LesionSeconds", "90"), ("LesionsPerNerve", "2"), ("ElectrodeGauge", "18"),
            ("ActiveTipMm", "10"), ("SensoryStimulationTested", "true"), ("MotorStimulationTested", "true"))));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Logging failed: {response.StatusCode}");
        }
        ServerMs.Add(double.Parse(Regex.Match(response.Headers.GetValues("Server-Timing").Single(), @"dur=([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture));
    }

    public async Task LogBlockAsync(int i)
    {
        var day = new DateTime(2024, 1, 1).AddDays(i * 7);
        int[] minutes = [15, 30, 60, 120, 240, 1440];
        var fields = new List<(string, string)>
        {
            ("__RequestVerificationToken", _token), ("PerformedAt", day.ToString("yyyy-MM-ddT09:30", CultureInfo.InvariantCulture)),
            ("OperatorName", "Dr Bench"), ("Guidance", "Fluoroscopy"), ("ConsentRecorded", "true"), ("Complication", "None"), ("PrePain", "8"),
            ("Targets[0].Segment", "T12-L1"), ("Targets[0].Side", "Left"), ("Technique", "MedialBranch"), ("Agent", "Lidocaine"),
            ("ConcentrationPercent", "2"), ("VolumeMlPerTarget", "0.5"), ("Sequence", "Single"),
        };
        for (var d = 0; d < minutes.Length; d++)
        {
            fields.Add(($"Diary[{d}].MinutesAfter", minutes[d].ToString(CultureInfo.InvariantCulture)));
            fields.Add(($"Diary[{d}].Pain", (d * 2 % 9).ToString(CultureInfo.InvariantCulture)));
        }
        using var response = await Client.PostAsync($"/patients/{PatientId}/procedures/new/block", new FormUrlEncodedContent(Html.Fields([.. fields])));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Logging a block failed: {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
