using System.Globalization;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Decisions;

/// <summary>The agent acts only within <see cref="DecisionsOptions.AllowedHours"/> (read in <see cref="DecisionsOptions.TimeZone"/>).</summary>
public sealed class AllowedHoursChecker(IOptions<DecisionsOptions> options, TimeProvider clock) : IPrincipleChecker
{
    private readonly AllowedHours _hours = AllowedHours.Parse(options.Value.AllowedHours);
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <inheritdoc />
    public string Principle => PrincipleIds.AllowedHours;

    /// <inheritdoc />
    public Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken)
    {
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), _zone);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        var evidence = $"it is {time} {_zone.Id}; allowed {_hours} (Safety:Decisions:AllowedHours)";
        return Task.FromResult(_hours.Contains(TimeOnly.FromDateTime(local.DateTime))
            ? PrincipleResult.Pass(Principle, evidence)
            : PrincipleResult.Fail(Principle, DecisionOutcome.Deny, evidence));
    }
}

/// <summary>Ranges of the day, e.g. <c>08:00-18:00,22:00-06:00</c>; <c>24:00</c> ends the day.</summary>
public sealed class AllowedHours
{
    private readonly List<(int From, int To)> _ranges;
    private readonly string _text;

    private AllowedHours(List<(int, int)> ranges, string text) => (_ranges, _text) = (ranges, text);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the bad range and the expected form.</summary>
    public static AllowedHours Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || Minutes(ends[0]) is not { } from || Minutes(ends[1]) is not { } to || from == 1440)
                throw new FormatException($"Safety:Decisions:AllowedHours: '{part}' is not a range like '08:00-18:00' (HH:mm-HH:mm, 24:00 ends the day, a range may wrap midnight).");
            ranges.Add((from, to));
        }
        if (ranges.Count == 0) throw new FormatException("Safety:Decisions:AllowedHours is empty; use '00:00-24:00' to allow every hour.");
        return new AllowedHours(ranges, text);
    }

    /// <summary>Whether <paramref name="time"/> falls in a range (start inclusive, end exclusive).</summary>
    public bool Contains(TimeOnly time)
    {
        var minute = time.Hour * 60 + time.Minute;
        return _ranges.Any(r => r.From <= r.To ? minute >= r.From && minute < r.To : minute >= r.From || minute < r.To);
    }

    /// <inheritdoc />
    public override string ToString() => _text;

    private static int? Minutes(string hhmm)
    {
        var parts = hhmm.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return null;
        if (h == 24 && m == 0) return 1440;
        return h is >= 0 and < 24 && m is >= 0 and < 60 ? h * 60 + m : null;
    }
}
