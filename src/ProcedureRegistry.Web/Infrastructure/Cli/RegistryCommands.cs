using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Features.Users;
using ProcedureRegistry.Web.Infrastructure.Demo;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.Web.Infrastructure.Cli;

/// <summary>
/// Operator commands run by the same binary instead of the web server:
/// <c>migrate</c>, <c>create-admin EMAIL [CLINIC-CODE]</c>, <c>ensure-admin EMAIL</c> (create-admin unless an Admin exists), <c>reset-password EMAIL</c>, <c>reset-two-factor EMAIL</c>, <c>seed-demo [PATIENTS]</c>, <c>schema-script PATH</c>.
/// They go through the same handlers as the UI, so they are validated and audited (as user "system"). The command line
/// is the registry's operator: the only actor not bound to clinics (it creates the first clinic and its Admin, and may
/// reset anyone's password); no account gets that reach through the UI.
/// <c>migrate</c> connects as the owner role (ConnectionStrings:RegistryOwner); the others as the application role
/// (ConnectionStrings:Registry), like the web app.
/// </summary>
public static class RegistryCommands
{
    public const string DemoClinicCode = "DEMO";
    /// <summary>Enough for every screen and report to look lived-in; benchmarks pass a larger count.</summary>
    public const int DefaultDemoPatients = 300;

    private static readonly string[] Names = ["migrate", "create-admin", "ensure-admin", "reset-password", "reset-two-factor", "seed-demo", "schema-script"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        try
        {
            return args[0] switch
            {
                "migrate" => await Migrate(services, output),
                "create-admin" when args.Length >= 2 => await CreateAdmin(services, args[1], args.ElementAtOrDefault(2), output),
                "ensure-admin" when args.Length >= 2 => await EnsureAdmin(services, args[1], output),
                "reset-password" when args.Length >= 2 => await ResetPassword(services, args[1], output),
                "reset-two-factor" when args.Length >= 2 => await ResetTwoFactor(services, args[1], output),
                "seed-demo" when args.Length == 1 => await SeedDemo(services, DefaultDemoPatients, output),
                "seed-demo" when args.Length == 2 && int.TryParse(args[1], out var patients) && patients >= 0 =>
                    await SeedDemo(services, patients, output),
                "schema-script" when args.Length >= 2 => await WriteSchemaScript(services, args[1], output),
                _ => Usage(output),
            };
        }
        catch (Npgsql.PostgresException e)
        {
            output.WriteLine($"error: PostgreSQL refused: {e.MessageText} ({e.SqlState}).");
            return 2;
        }
        catch (Npgsql.NpgsqlException e)
        {
            output.WriteLine($"error: cannot reach PostgreSQL ({e.Message}). Check ConnectionStrings__Registry (and ConnectionStrings__RegistryOwner for migrate).");
            return 2;
        }
    }

    private static int Usage(TextWriter output)
    {
        output.WriteLine("usage: ProcedureRegistry.Web migrate | create-admin EMAIL [CLINIC-CODE] | ensure-admin EMAIL | reset-password EMAIL | reset-two-factor EMAIL | seed-demo [PATIENTS] | schema-script PATH");
        return 64;
    }

    private static async Task<int> Migrate(IServiceProvider services, TextWriter output)
    {
        await DatabaseSetup.MigrateAsync(services.GetRequiredService<IConfiguration>(), output);
        output.WriteLine("Database is at the latest migration.");
        return 0;
    }

    private static async Task<int> CreateAdmin(IServiceProvider services, string email, string? clinicCode, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var clinicId = await EnsureClinic(scope.ServiceProvider, clinicCode ?? DemoClinicCode, clinicCode is null ? "Demo Pain Clinic" : clinicCode);
        var result = await mediator.Send(new CreateUser.Command
        {
            Email = email, DisplayName = "Registry Admin", Role = Roles.Admin, ClinicIds = [clinicId],
        });
        if (!result.Succeeded)
        {
            output.WriteLine("error: " + string.Join(" ", result.Errors.Select(e => e.Message)));
            return 1;
        }
        output.WriteLine($"Admin created: {result.Value!.Email}  password: {result.Value.InitialPassword}");
        output.WriteLine("This password is shown once. Keep it safe. At first sign-in the Admin sets up two-factor sign-in (an authenticator app).");
        return 0;
    }

    private static async Task<int> EnsureAdmin(IServiceProvider services, string email, TextWriter output)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var admins = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetUsersInRoleAsync(Roles.Admin);
            if (admins.Count > 0)
            {
                output.WriteLine($"Admin account(s): {string.Join(", ", admins.Select(a => a.Email))} (their passwords were shown when they were created).");
                return 0;
            }
        }
        return await CreateAdmin(services, email, null, output);
    }

    private static async Task<int> ResetPassword(IServiceProvider services, string email, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ResetPassword.Command { Email = email });
        if (!result.Succeeded)
        {
            output.WriteLine(result.Outcome == Results.Outcome.NotFound
                ? $"error: no user with email {email}."
                : "error: " + string.Join(" ", result.Errors.Select(e => e.Message)));
            return 1;
        }
        output.WriteLine($"New password for {email}: {result.Value!.NewPassword}  (shown once; the account is unlocked)");
        return 0;
    }

    private static async Task<int> ResetTwoFactor(IServiceProvider services, string email, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new Features.Account.ClearTwoFactor.Command { Email = email });
        output.WriteLine(result.Succeeded
            ? $"Two-factor sign-in of {email} is off; their sessions end. Where it is required, they set it up again at their next sign-in."
            : $"error: no user with email {email}.");
        return result.Succeeded ? 0 : 1;
    }

    /// <summary>
    /// A demo clinic with one user per role and a synthetic clinic of <paramref name="patientCount"/> patients.
    /// Idempotent: existing users keep their passwords, and a clinic that has its demo patients gets no more.
    /// </summary>
    private static async Task<int> SeedDemo(IServiceProvider services, int patientCount, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var clinicId = await EnsureClinic(scope.ServiceProvider, DemoClinicCode, "Demo Pain Clinic");

        output.WriteLine("Demo users (clinic DEMO):");
        foreach (var role in Roles.All)
        {
            var email = $"{role.ToLowerInvariant()}@demo.clinic";
            if (await users.FindByEmailAsync(email) is not null)
            {
                output.WriteLine($"  {role,-12} {email,-28} (exists; its password was shown when it was created)");
                continue;
            }
            // The preparer is a Clinician who also prepares blinded blocks (roles.md): created as one, then given the role.
            var result = await mediator.Send(new CreateUser.Command
            {
                Email = email, DisplayName = $"Demo {role}", Role = role == Roles.Preparer ? Roles.Clinician : role, ClinicIds = [clinicId],
            });
            if (result.Succeeded && role == Roles.Preparer)
            {
                await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, Roles.Preparer);
            }
            output.WriteLine(result.Succeeded
                ? $"  {role,-12} {email,-28} password: {result.Value!.InitialPassword}"
                : $"  {role,-12} {email,-28} error: {string.Join(" ", result.Errors.Select(e => e.Message))}");
        }

        var writer = new DemoClinicWriter(scope.ServiceProvider.GetRequiredService<RegistryDbContext>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>());
        var seeded = await writer.SeedAsync(clinicId, patientCount);
        output.WriteLine(seeded.Skipped
            ? "Demo patients: the DEMO clinic already has its demo patients; nothing added."
            : $"Demo patients: {seeded.Patients} patients, {seeded.Assessments} assessments, {seeded.Blocks} diagnostic blocks, "
              + $"{seeded.SteroidInjections} steroid injections, {seeded.RfDenervations} RF denervations in {seeded.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    private static async Task<int> EnsureClinic(IServiceProvider services, string code, string name)
    {
        var db = services.GetRequiredService<RegistryDbContext>();
        var existing = await db.Clinics.Where(c => c.Code == code).Select(c => (int?)c.Id).SingleOrDefaultAsync();
        if (existing is { } id)
        {
            return id;
        }
        var result = await services.GetRequiredService<IMediator>().Send(new CreateClinic.Command { Code = code, Name = name });
        return result.Succeeded
            ? result.Value
            : throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private static async Task<int> WriteSchemaScript(IServiceProvider services, string path, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        await File.WriteAllTextAsync(path, DatabaseSetup.GenerateIdempotentScript(db));
        output.WriteLine($"Wrote {path}");
        return 0;
    }
}
