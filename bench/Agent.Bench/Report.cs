using System.Globalization;

namespace Agent.Bench;

/// <summary>Collects raw measurements and figures; prints the table, then the figure lines.</summary>
public sealed class Report
{
    private readonly List<(string Figure, string Subject, long Cycles, Measured Time, string Note)> _rows = [];
    private readonly List<string> _figures = [];
    private readonly List<string> _notes = [];

    public static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Adds a raw measurement: <paramref name="cycles"/> in <paramref name="seconds"/> (the median run).</summary>
    public void Row(string figure, string subject, long cycles, Measured time, string note = "")
    {
        _rows.Add((figure, subject, cycles, time, note));
        Progress($"{figure} {subject}: {cycles} cycles in {F(time.Wall, "0.000")} s = {F(cycles / time.Wall, "N0")} cycles/s {note}");
    }

    /// <summary>Adds a figure line: <c>name: value  (goal …: met|MISSED)</c>. Callers judge the goal on the printed (rounded) value.</summary>
    public void Figure(string name, string value, string goal, bool met, string note = "") =>
        _figures.Add($"{name}: {value}  (goal {goal}: {(met ? "met" : "MISSED")}{(note.Length > 0 ? "; " + note : "")})");

    /// <summary>
    /// Adds a figure measured several times (interleaved pairs or repeated rounds):
    /// <c>name: value (spread lo–hi, 3 pairs, goal …: met|MISSED; note)</c>, value being the median of <paramref name="samples"/>.
    /// Callers judge the goal on the printed (rounded) median.
    /// </summary>
    public void SpreadFigure(string name, IReadOnlyList<double> samples, string format, string count, string goal, Func<double, bool> met, string note = "")
    {
        var median = double.Parse(F(Stats.Median(samples), format), CultureInfo.InvariantCulture);
        _figures.Add($"{name}: {F(median, format)} (spread {F(samples.Min(), format)}–{F(samples.Max(), format)}, {count}, " +
            $"goal {goal}: {(met(median) ? "met" : "MISSED")}{(note.Length > 0 ? "; " + note : "")})");
    }

    /// <summary>
    /// As <see cref="SpreadFigure(string, IReadOnlyList{double}, string, string, string, Func{double, bool}, string)"/>, for a goal
    /// on the median and the spread's low end (both rounded as printed), e.g. "median ≥ 20 and low end ≥ 15".
    /// </summary>
    public void SpreadFigure(string name, IReadOnlyList<double> samples, string format, string count, string goal, Func<double, double, bool> met, string note = "")
    {
        var low = double.Parse(F(samples.Min(), format), CultureInfo.InvariantCulture);
        SpreadFigure(name, samples, format, count, goal, median => met(median, low), note);
    }

    /// <summary>
    /// Adds the table row of one side of an interleaved comparison: its window with the median rate, the note giving
    /// that window's length and batches and the rates of all its windows.
    /// </summary>
    public void WindowRow(string figure, string subject, IReadOnlyList<Window> windows, string note = "")
    {
        var sorted = windows.OrderBy(w => w.Rate).ToList();
        var median = sorted[(sorted.Count - 1) / 2];
        Row(figure, subject, median.Units, median.Time,
            $"median of {windows.Count} windows: {median.Describe()}; rates {F(sorted[0].Rate, "N0")}–{F(sorted[^1].Rate, "N0")}/s{(note.Length > 0 ? "; " + note : "")}");
    }

    /// <summary>Adds a figure printed for context only (no goal).</summary>
    public void Context(string name, string value, string note = "") =>
        _figures.Add($"{name}: {value}{(note.Length > 0 ? "  (" + note + ")" : "")}");

    public void Note(string text) => _notes.Add(text);

    private readonly List<string> _profile = [];

    /// <summary>A line of the profile breakdown (figure p).</summary>
    public void Profile(string text)
    {
        _profile.Add(text);
        Progress("profile: " + text);
    }

    /// <summary>Progress goes to stderr so stdout holds only the report.</summary>
    public static void Progress(string text) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    public void Print()
    {
        Console.WriteLine();
        // us/activity = wall time per cycle / 7; cpu% = thread CPU time / wall time of a single-threaded run
        // (well under 100 % means other processes held the core); "-" for multi-threaded or unmeasured runs.
        Console.WriteLine($"{"fig",-4} {"subject",-44} {"cycles",9} {"seconds",9} {"cycles/s",10} {"us/activity",11} {"cpu%",5}  note");
        Console.WriteLine(new string('-', 112));
        foreach (var r in _rows)
        {
            var rate = r.Cycles / r.Time.Wall;
            var cpu = double.IsNaN(r.Time.Cpu) ? "-" : F(100 * r.Time.Cpu / r.Time.Wall, "0");
            Console.WriteLine($"{r.Figure,-4} {r.Subject,-44} {r.Cycles,9} {F(r.Time.Wall, "0.000"),9} {F(rate, "N0"),10} {F(1e6 / rate / 7, "0.00"),11} {cpu,5}  {r.Note}");
        }
        Console.WriteLine();
        foreach (var p in _profile) Console.WriteLine($"profile: {p}");
        if (_profile.Count > 0) Console.WriteLine();
        foreach (var n in _notes) Console.WriteLine($"note: {n}");
        if (_notes.Count > 0) Console.WriteLine();
        foreach (var f in _figures) Console.WriteLine(f);
    }
}

/// <summary>Medians and percentiles.</summary>
public static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>One timed run: wall-clock seconds and the thread CPU seconds it used (NaN when not measured).</summary>
public readonly record struct Measured(double Wall, double Cpu)
{
    /// <summary>The run with the median wall time.</summary>
    public static Measured Median(IReadOnlyList<Measured> runs)
    {
        var sorted = runs.OrderBy(r => r.Wall).ToList();
        return sorted[(sorted.Count - 1) / 2];
    }
}
