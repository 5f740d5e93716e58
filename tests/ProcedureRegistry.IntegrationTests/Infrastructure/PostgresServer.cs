using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Testcontainers.PostgreSql;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// The one throwaway PostgreSQL of a test run, shared by every test class (each gets a database of its own).
/// Where a Docker engine answers it is a Testcontainers postgres:15; elsewhere a cluster made with initdb in a
/// temp directory on a free loopback port, run as the postgres OS user when we are root, removed at exit.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly Func<Task> _stop;

    private PostgresServer(string adminConnectionString, string description, Func<Task> stop, string? binDirectory = null)
    {
        BinDirectory = binDirectory;
        AdminConnectionString = adminConnectionString;
        Description = description;
        _stop = stop;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _stop().GetAwaiter().GetResult();
    }

    /// <summary>Connection string of the superuser on the maintenance database "postgres".</summary>
    public string AdminConnectionString { get; }
    public string Description { get; }
    /// <summary>The PostgreSQL binaries (pgbench for the benchmarks); null when the server runs in a container.</summary>
    public string? BinDirectory { get; }

    public static Task<PostgresServer> InstanceAsync() => Shared.Value;

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    private static async Task<PostgresServer> StartAsync()
    {
        if (DockerMayAnswer())
        {
            try
            {
                var container = new PostgreSqlBuilder("postgres:15").Build();
                await container.StartAsync();
                return new PostgresServer(container.GetConnectionString(), "Testcontainers postgres:15",
                    async () => await container.DisposeAsync());
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"Docker did not start a PostgreSQL container ({e.GetType().Name}); using the local binaries.");
            }
        }
        return await StartLocalClusterAsync();
    }

    private static bool DockerMayAnswer() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } || File.Exists("/var/run/docker.sock");

    private static async Task<PostgresServer> StartLocalClusterAsync()
    {
        var bin = FindBinaries() ?? throw new PostgresMissingException(
            "No PostgreSQL for the tests: no Docker engine answers and no PostgreSQL server binaries were found under " +
            "/usr/lib/postgresql/*/bin. Install them (Debian: apt-get install -y postgresql-15, or postgresql) " +
            "or set PG_BIN to the folder holding initdb and pg_ctl.");

        var asRoot = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var dir = Directory.CreateTempSubdirectory("procreg-pg-").FullName;
        if (asRoot)
        {
            await RunAsync("chown", ["postgres", dir]);
        }
        var port = FreeLoopbackPort();
        await RunAsPostgres(asRoot, Path.Combine(bin, "initdb"),
            ["-D", dir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        var options = $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                      "-c full_page_writes=off -c max_connections=1000 -c shared_buffers=128MB";
        await RunAsPostgres(asRoot, Path.Combine(bin, "pg_ctl"), ["-D", dir, "-o", options, "-l", Path.Combine(dir, "server.log"), "-w", "start"]);

        var connection = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50";
        return new PostgresServer(connection, $"local cluster {dir} on port {port} ({bin})", async () =>
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                await RunAsPostgres(asRoot, Path.Combine(bin, "pg_ctl"), ["-D", dir, "-m", "immediate", "-w", "stop"]);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }, bin);
    }

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "initdb")))
        {
            return configured;
        }
        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsPostgres(bool asRoot, string program, string[] args) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. args]) : RunAsync(program, args);

    private static async Task RunAsync(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new PostgresMissingException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}

/// <summary>PostgreSQL could not be started: one clear message, without a stack trace repeated by every test.</summary>
public sealed class PostgresMissingException(string message) : Exception(message)
{
    public override string? StackTrace => null;
}
