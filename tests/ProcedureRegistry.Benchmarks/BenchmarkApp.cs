using ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// The integration tests' app and database, for a benchmark that reuses their helpers (clinics, signed-in clients),
/// logging errors only: the figures are printed on the console the app logs to.
/// </summary>
internal sealed class BenchmarkApp : AppFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Default"] = "Error",
        ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Error",
        ["Serilog:MinimumLevel:Override:Hangfire"] = "Error",
    };
}
