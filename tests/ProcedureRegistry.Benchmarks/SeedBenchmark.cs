using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Demo;

/// <summary>
/// Seeding time of the demo clinic (what <c>seed-demo N</c> writes) at each size, one clinic per size, in one app.
/// Usage: dotnet run -c Release --project tests/ProcedureRegistry.Benchmarks -- seed [N[,N...], default 300,5000]
/// </summary>
public static class SeedBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var sizes = (args.Length > 0 ? args[0] : "300,5000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var server = await PostgresServer.InstanceAsync();
        Console.WriteLine($"PostgreSQL: {server.Description}; {Environment.ProcessorCount} cores");
        var app = new BenchmarkApp();
        await app.InitializeAsync();
        try
        {
            foreach (var size in sizes)
            {
                var clinicId = await app.ClinicAsync($"BENCH{size}");
                await using var scope = app.Factory.Services.CreateAsyncScope();
                var writer = new DemoClinicWriter(scope.ServiceProvider.GetRequiredService<RegistryDbContext>(), TimeProvider.System);
                var counts = await writer.SeedAsync(clinicId, size);
                if (counts.Patients != size)
                {
                    throw new InvalidOperationException($"Seeded {counts.Patients} patients, not {size}.");
                }
                Console.WriteLine($"{counts.Patients} patients, {counts.Blocks} blocks, {counts.SteroidInjections} steroid injections, "
                    + $"{counts.RfDenervations} RF denervations: {counts.Elapsed.TotalSeconds:0.00} s");
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
