using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>A clock the test sets. The app takes its TimeProvider from DI, so handlers, validators and cookies follow it.</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// An app whose clock the tests set. Sign in after setting the clock: the auth cookie expires 8 hours after it was
/// issued, by this clock. Keep it near the real date (the data-protection keys are dated by the real one).
/// </summary>
public class ClockedAppFixture : AppFixture
{
    public SettableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}
