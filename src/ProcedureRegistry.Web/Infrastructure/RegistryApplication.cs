using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Jobs;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Web;
using ProcedureRegistry.Web.Reports;
using Serilog;
using Serilog.Formatting.Compact;

namespace ProcedureRegistry.Web.Infrastructure;

/// <summary>Composition of the app: services first (<see cref="AddRegistry"/>), then the request pipeline (<see cref="UseRegistry"/>).</summary>
public static class RegistryApplication
{
    public const string HangfireSchema = "hangfire";

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Registry")
        ?? throw new InvalidOperationException("ConnectionStrings:Registry is not configured (set ConnectionStrings__Registry).");

    /// <summary>The one EF Core set-up, shared by the app, the command-line tasks and the test fixture.</summary>
    public static DbContextOptionsBuilder ConfigureDbContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            // Split queries: aggregates own several collections (targets, diary; territories, segments), and one
            // joined query would multiply their rows.
            .UseNpgsql(dataSource, npgsql => npgsql
                .MigrationsHistoryTable("__ef_migrations_history")
                .UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// The app's connections. They keep no session state (no SET, temporary table, LISTEN or session advisory lock;
    /// an open transaction is still rolled back when a connection goes back to the pool), so the pool skips the
    /// DISCARD ALL that would otherwise precede the next request's first statement.
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString) =>
        new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString).Build();

    /// <summary>
    /// Secure-only cookies by default. Development and the browser tests serve plain HTTP on loopback and set
    /// Security:CookieSecurePolicy to SameAsRequest; behind TLS the cookies are Secure either way.
    /// </summary>
    private static CookieSecurePolicy CookieSecurity(IConfiguration configuration) =>
        Enum.TryParse<CookieSecurePolicy>(configuration["Security:CookieSecurePolicy"], out var policy) ? policy : CookieSecurePolicy.Always;

    public static WebApplicationBuilder AddRegistry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.Host.UseSerilog((context, logger) =>
        {
            logger.ReadFrom.Configuration(context.Configuration).Enrich.FromLogContext();
            if (context.HostingEnvironment.IsDevelopment())
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
            }
            else
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        });

        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<ClinicScope>();
        services.AddScoped<Features.Users.AdministeredUsers>();
        services.AddScoped<Features.Procedures.ProcedureRecorder>();
        services.AddScoped<Features.FollowUps.FollowUpPlanner>();
        services.AddScoped<Features.Reports.ReportDataExtractor>();
        services.AddSingleton<Features.Procedures.BlockAnalysis>();

        // Database: one Npgsql data source shared by EF Core and the audit writer.
        services.AddSingleton(_ => DataSource(ConnectionString(configuration)));
        // Pooled contexts: a request reuses a reset context instead of building one and its services anew.
        services.AddDbContextPool<RegistryDbContext>((sp, options) =>
            ConfigureDbContext(options, sp.GetRequiredService<NpgsqlDataSource>()));

        // Identity: strong passwords, lockout after repeated failures, secure cookies.
        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = true;
                options.Password.RequiredUniqueChars = 5;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = true;
                // "Confirmed" means "not deactivated" here (ActiveAccountConfirmation): Identity then refuses every
                // sign-in of a deactivated account, whatever the form.
                options.SignIn.RequireConfirmedAccount = true;
            })
            .AddEntityFrameworkStores<RegistryDbContext>()
            .AddUserStore<RegistryUserStore>()
            .AddUserConfirmation<ActiveAccountConfirmation>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<RegistryClaimsPrincipalFactory>();
        services.AddTwoFactorRules();
        // The cookie that carries a half-done sign-in (password passed, code pending) gets the same protection.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.Name = "registry.two-factor";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurity(configuration);
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "registry.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurity(configuration);
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // On every request: a session ends as soon as its user's security stamp changes (SessionValidation).
            options.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
            // A signed-in user without the right role gets 403 and the friendly error page, not a redirect;
            // JSON clients get 401 instead of a redirect to the sign-in form.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            options.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }
                return Task.CompletedTask;
            };
        });
        services.AddRegistryAuthorization();

        AddDataProtection(services, configuration, builder.Environment);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "registry.antiforgery";
            options.Cookie.SecurePolicy = CookieSecurity(configuration);
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddMediation();
        // A form or query id that contradicts the address's is refused before the action runs.
        services.Configure<MvcOptions>(options => options.Filters.Add<RouteIdMustMatchFilter>());
        services.AddControllersWithViews(options =>
            {
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                options.AddInputRules();
            })
            .AddRazorOptions(options =>
            {
                // Views live beside their slice: Features/<Area>/<View>.cshtml.
                options.ViewLocationFormats.Clear();
                options.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
                options.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            });
        services.AddProblemDetails();
        services.AddReports(configuration);

        services.AddHealthChecks().AddDbContextCheck<RegistryDbContext>("database", tags: ["ready"])
            .AddCheck<DatabaseRoleHealthCheck>("database-role", tags: ["ready"]);

        // Kestrel names itself in a Server header unless told not to; nothing is gained by telling.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        ProxyHeaders.Add(services, configuration);

        AddHangfire(services, configuration);
        AddFollowUps(services, configuration);
        AddRateLimits(services, configuration);
        return builder;
    }

    /// <summary>
    /// Keys in PostgreSQL: every instance decrypts every other instance's cookies and antiforgery tokens. They are
    /// encrypted at rest with the certificate DataProtection:CertificatePath (a PFX; DataProtection:CertificatePassword),
    /// so a copy of the database, a backup or the app's own role cannot read them and forge sign-in cookies.
    /// Production refuses to start without one (an unencrypted key is as good as every session of every user);
    /// Development and Testing accept plain keys; any other environment starts with a warning (<see cref="UseRegistry"/>).
    /// </summary>
    private static void AddDataProtection(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("ProcedureRegistry");
        if (configuration[DataProtectionCertificatePath] is not { Length: > 0 } && configuration.GetValue(EphemeralKeysSetting, false))
        {
            // An operator command without the certificate (schema-script, reset-password from a shell): its keys live in
            // memory for the one process, so it never writes an unencrypted key to the shared key ring.
            dataProtection.UseEphemeralDataProtectionProvider();
            return;
        }
        dataProtection.PersistKeysToDbContext<RegistryDbContext>();
        if (configuration[DataProtectionCertificatePath] is { Length: > 0 } path)
        {
            dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader
                .LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]));
        }
        else if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                $"{DataProtectionCertificatePath} is not set: in Production the data-protection keys must be encrypted at rest. " +
                "Set DataProtection__CertificatePath to a PFX file and DataProtection__CertificatePassword (deploy/run.sh makes one for a local run).");
        }
    }

    private const string DataProtectionCertificatePath = "DataProtection:CertificatePath";
    /// <summary>Set by Program for operator commands: without a certificate they use keys held in memory only.</summary>
    public const string EphemeralKeysSetting = "DataProtection:EphemeralKeysWithoutCertificate";

    private static void WarnIfKeysUnprotected(WebApplication app)
    {
        if (string.IsNullOrEmpty(app.Configuration[DataProtectionCertificatePath])
            && !app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.Logger.LogWarning("{Setting} is not set: data-protection keys are stored unencrypted in the database", DataProtectionCertificatePath);
        }
    }

    private static void AddHangfire(IServiceCollection services, IConfiguration configuration)
    {
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = HangfireSchema,
            // The `migrate` command installs Hangfire's schema as the owner role; the app's role may not create it.
            PrepareSchemaIfNecessary = false,
            QueuePollInterval = TimeSpan.FromMilliseconds(configuration.GetValue("Hangfire:QueuePollMilliseconds", 1000)),
            InvisibilityTimeout = TimeSpan.FromMinutes(30),
        };
        // The storage is a DI singleton rather than Hangfire's static JobStorage.Current, so that several hosts
        // in one process (the scale-out tests) each talk to their own database.
        services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(
            new NpgsqlConnectionFactory(ConnectionString(configuration), storageOptions), storageOptions));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        BoundRetries();
        if (configuration.GetValue("Hangfire:ServerEnabled", true))
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = configuration.GetValue("Hangfire:WorkerCount", Math.Max(2, Environment.ProcessorCount));
                options.ServerName = configuration["Hangfire:ServerName"] ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
                options.SchedulePollingInterval = TimeSpan.FromSeconds(configuration.GetValue("Hangfire:SchedulePollSeconds", 15));
            });
        }
    }

    private static void AddFollowUps(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Jobs.FollowUpOptions>(configuration.GetSection("FollowUps"));
        services.Configure<Messaging.SmtpOptions>(configuration.GetSection("Smtp"));
        services.Configure<Messaging.SmsOptions>(configuration.GetSection("Sms"));
        services.AddSingleton<Messaging.IReminderSender, Messaging.SmtpReminderSender>();
        services.AddSingleton<Messaging.IReminderSender, Messaging.FileSmsSender>();
        services.AddSingleton<Messaging.ReminderLinkKey>();
        services.AddSingleton<Jobs.ReminderDispatcher>();
        services.AddSingleton<Jobs.FollowUpScheduler>();
        services.AddSingleton<Jobs.GenerateOutcomeReport>();
        services.AddSingleton<Features.Reports.ReportComputation>();
    }

    /// <summary>
    /// The patient link page: per client address, a fixed number of requests a minute (then 429); the sign-in form:
    /// per address and per account name (<see cref="SignInThrottle"/>).
    /// </summary>
    private static void AddRateLimits(IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:PatientLinkPerMinute", 30);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                // Tells the client (and well-behaved scripts) when to come back: the rest of the limiter's window.
                var response = context.HttpContext.Response;
                var retryAfter = context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(SignInThrottle.IsSignInPost(context.HttpContext.Request)
                    ? "Too many sign-in attempts. Please wait a minute and try again."
                    : "Too many requests from your connection. Please wait a minute and try again.", cancellationToken);
            };
            options.GlobalLimiter = SignInThrottle.Limiter(configuration);
            options.AddPolicy(Features.Respond.RespondController.RateLimitPolicy, context =>
                System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                    // Behind a trusted proxy the forwarded-headers middleware has put the client's own address here.
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
        });
    }

    public const int JobRetryAttempts = 3;

    /// <summary>
    /// Hangfire retries a failed job 10 times by default, over days. We allow 3 (about 1, 5 and 15 minutes
    /// later); after that the job stays Failed, visible on the dashboard and in the log.
    /// </summary>
    private static readonly Lock RetryFilterLock = new();
    private static bool retriesBounded;

    /// <remarks>
    /// GlobalJobFilters is process-wide and not thread-safe; tests build several hosts in parallel in one
    /// process, so the replacement happens once, under a lock.
    /// </remarks>
    private static void BoundRetries()
    {
        lock (RetryFilterLock)
        {
            if (retriesBounded)
            {
                return;
            }
            ReplaceRetryFilter();
            retriesBounded = true;
        }
    }

    private static void ReplaceRetryFilter()
    {
        foreach (var filter in GlobalJobFilters.Filters.Where(f => f.Instance is AutomaticRetryAttribute).ToList())
        {
            GlobalJobFilters.Filters.Remove(filter.Instance);
        }
        GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute
        {
            Attempts = JobRetryAttempts,
            DelaysInSeconds = [60, 300, 900],
            LogEvents = true,
        });
    }

    public static WebApplication UseRegistry(this WebApplication app)
    {
        WarnIfKeysUnprotected(app);
        ProxyHeaders.Use(app);
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseHttpsRedirection();
        app.UseSecurityHeaders();
        app.UseServerTiming();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = SecurityHeaders.StaticFileCaching });
        app.UseSerilogRequestLogging();
        app.UseFormsWithControlCharacters();
        app.UseRouting();
        app.UseSignInAccountName();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseTwoFactorEnrolmentGate();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapHangfireDashboard("/jobs", new DashboardOptions
            {
                Authorization = [new AdminOnlyDashboardFilter()],
                DashboardTitle = "ProcedureRegistry jobs",
                AppPath = "/",
            }, app.Services.GetRequiredService<JobStorage>())
            .RequireAuthorization(RequiresAttribute.PolicyName(Domain.Access.Capability.ViewJobsDashboard));
        app.MapControllers();
        RecurringJobs.Schedule(app);
        return app;
    }
}
