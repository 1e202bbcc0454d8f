using System.Globalization;

namespace Agent.Activities.Safety;

/// <summary>
/// Windows of the day, e.g. <c>08:00-18:00,22:00-06:00</c>: start inclusive, end exclusive, a window may wrap past
/// midnight, <c>24:00</c> ends the day. The decision framework's allowed hours and the policy's <c>hours</c> condition
/// both ask it whether a time of day is inside.
/// </summary>
public sealed class HourWindows
{
    private const int MinutesPerDay = 1440;
    private readonly List<(int From, int To)> _windows;
    private readonly string _text;

    private HourWindows(List<(int, int)> windows, string text) => (_windows, _text) = (windows, text);

    /// <summary>
    /// Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming <paramref name="setting"/>, the bad
    /// window and the expected form.
    /// </summary>
    public static HourWindows Parse(string text, string setting)
    {
        ArgumentNullException.ThrowIfNull(text);
        var windows = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || Minutes(ends[0]) is not { } from || Minutes(ends[1]) is not { } to || from == MinutesPerDay)
                throw new FormatException($"{setting}: '{part}' is not a range like '08:00-18:00' (HH:mm-HH:mm, 24:00 ends the day, a range may wrap midnight).");
            windows.Add((from, to));
        }
        if (windows.Count == 0) throw new FormatException($"{setting} is empty; use '00:00-24:00' to allow every hour.");
        return new HourWindows(windows, text);
    }

    /// <summary>One window from <paramref name="from"/> to <paramref name="to"/> (written as <paramref name="text"/>).</summary>
    public static HourWindows Single(TimeOnly from, TimeOnly to, string text) => new([(Minute(from), Minute(to))], text);

    /// <summary>Whether <paramref name="time"/> falls in a window (start inclusive, end exclusive).</summary>
    public bool Contains(TimeOnly time)
    {
        var minute = Minute(time);
        return _windows.Any(r => r.From <= r.To ? minute >= r.From && minute < r.To : minute >= r.From || minute < r.To);
    }

    /// <inheritdoc />
    public override string ToString() => _text;

    private static int Minute(TimeOnly time) => time.Hour * 60 + time.Minute;

    private static int? Minutes(string hhmm)
    {
        var parts = hhmm.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return null;
        if (h == 24 && m == 0) return MinutesPerDay;
        return h is >= 0 and < 24 && m is >= 0 and < 60 ? h * 60 + m : null;
    }
}
