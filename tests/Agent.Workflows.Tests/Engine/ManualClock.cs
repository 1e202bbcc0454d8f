using Microsoft.Extensions.DependencyInjection;

namespace Agent.Workflows.Tests.Engine;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}

internal static class ClockRegistration
{
    public static IServiceCollection AddSingletonClock(this IServiceCollection services, TimeProvider clock) =>
        services.AddSingleton(clock);
}
