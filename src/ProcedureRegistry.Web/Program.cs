using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure;
using ProcedureRegistry.Web.Infrastructure.Cli;

var builder = WebApplication.CreateBuilder(args);
if (RegistryCommands.IsCommand(args))
{
    // An operator command: no job server, no web server.
    builder.Configuration["Hangfire:ServerEnabled"] = "false";
    builder.Configuration[RegistryApplication.EphemeralKeysSetting] = "true";
}
builder.AddRegistry();
var app = builder.Build();

if (RegistryCommands.IsCommand(args))
{
    return await RegistryCommands.RunAsync(app.Services, args, Console.Out);
}

app.UseRegistry();
if (app.Configuration.GetValue("Database:MigrateOnStartup", false))
{
    await DatabaseSetup.MigrateAsync(app.Configuration, Console.Out);
}
await app.RunAsync();
return 0;

public partial class Program;
