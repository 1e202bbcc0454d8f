using System.Globalization;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Decisions;

/// <summary>The agent acts only within <see cref="DecisionsOptions.AllowedHours"/> (read in <see cref="DecisionsOptions.TimeZone"/>).</summary>
public sealed class AllowedHoursChecker(IOptions<DecisionsOptions> options, TimeProvider clock) : IPrincipleChecker
{
    /// <summary>The configuration key of the allowed hours, for messages.</summary>
    public const string Setting = "Safety:Decisions:AllowedHours";

    private readonly HourWindows _hours = HourWindows.Parse(options.Value.AllowedHours, Setting);
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <inheritdoc />
    public string Principle => PrincipleIds.AllowedHours;

    /// <inheritdoc />
    public Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken)
    {
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), _zone);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        var evidence = $"it is {time} {_zone.Id}; allowed {_hours} ({Setting})";
        return Task.FromResult(_hours.Contains(TimeOnly.FromDateTime(local.DateTime))
            ? PrincipleResult.Pass(Principle, evidence)
            : PrincipleResult.Fail(Principle, DecisionOutcome.Deny, evidence));
    }
}
