using System.Globalization;

namespace Agent.Bench;

/// <summary>
/// Runs two sides of a comparison in interleaved pairs — A B, B A, A B … — and reduces them to the median of the
/// per-pair ratios with its min–max spread. Alternating which side goes first means a drift of the machine's load
/// (other processes on the shared cores) or a cost of going first or second hits both sides alike, and pairing
/// compares runs taken seconds apart instead of medians taken minutes apart.
/// </summary>
public static class InterleavedPairs
{
    /// <summary>
    /// Runs <paramref name="pairs"/> pairs of <paramref name="a"/> and <paramref name="b"/>, side A first in even pairs
    /// (0, 2, …) and side B first in odd ones; <paramref name="ratio"/> turns one pair's two results into the figure's
    /// ratio (e.g. rate A ÷ rate B, or time B − time A).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="pairs"/> is below 1.</exception>
    public static async Task<PairsResult<T>> RunAsync<T>(int pairs, Func<Task<T>> a, Func<Task<T>> b, Func<T, T, double> ratio,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        var first = new List<T>(pairs);
        var second = new List<T>(pairs);
        var ratios = new List<double>(pairs);
        for (var pair = 0; pair < pairs; pair++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            T ra, rb;
            if (pair % 2 == 0) { ra = await a(); rb = await b(); }
            else { rb = await b(); ra = await a(); }
            first.Add(ra);
            second.Add(rb);
            ratios.Add(ratio(ra, rb));
        }
        return new PairsResult<T>(first, second, ratios);
    }
}

/// <summary>What <see cref="InterleavedPairs.RunAsync{T}"/> measured: both sides' results in pair order and the per-pair ratios.</summary>
public sealed record PairsResult<T>(IReadOnlyList<T> A, IReadOnlyList<T> B, IReadOnlyList<double> Ratios)
{
    /// <summary>The figure: the median of the per-pair ratios.</summary>
    public double Median => Stats.Median(Ratios);

    /// <summary>The low end of the spread.</summary>
    public double Min => Ratios.Min();

    /// <summary>The high end of the spread.</summary>
    public double Max => Ratios.Max();

    /// <summary>How many pairs ran.</summary>
    public int Count => Ratios.Count;
}

/// <summary>One timed batch: the units of work it completed (cycles, runs) and the time they took.</summary>
public readonly record struct Batch(long Units, Measured Time);

/// <summary>
/// One timed side of a pair: batches repeated until their timed time adds up to at least <see cref="Windows.Minimum"/>.
/// <see cref="Wall"/> and <see cref="Cpu"/> are the sums over the batches (set-up between batches, e.g. a fresh
/// engine, is not timed).
/// </summary>
public readonly record struct Window(long Units, double Wall, double Cpu, int Batches, long UnitsPerBatch)
{
    /// <summary>Units per wall-clock second.</summary>
    public double Rate => Units / Wall;

    /// <summary>Units per second of thread CPU time (NaN when the side ran on several threads).</summary>
    public double CpuRate => double.IsNaN(Cpu) ? double.NaN : Units / Cpu;

    /// <summary>The window as a table row's time.</summary>
    public Measured Time => new(Wall, Cpu);

    /// <summary>E.g. <c>1.23 s (4 x 1,000)</c>.</summary>
    public string Describe() => $"{Wall.ToString("0.00", CultureInfo.InvariantCulture)} s ({Batches} x {UnitsPerBatch.ToString("N0", CultureInfo.InvariantCulture)})";
}

/// <summary>Builds <see cref="Window"/>s: every timed side of a figure runs for at least a second.</summary>
public static class Windows
{
    /// <summary>
    /// The shortest timed window of a side. A 20 ms window (a 1,000-cycle batch of the engine) is a few scheduler
    /// slices on a shared 2-core machine: one preemption moved it by tens of percent. Batch sizes stay as the figure
    /// defines them (1,000 instances, 100,000 instances, …); the window is lengthened by repeating batches.
    /// </summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="batch"/> (each call a fresh batch of <paramref name="unitsPerBatch"/> units) until the timed windows add up to <see cref="Minimum"/>.</summary>
    public static async Task<Window> RepeatAsync(long unitsPerBatch, Func<Task<Batch>> batch, CancellationToken cancellationToken = default)
    {
        long units = 0;
        double wall = 0, cpu = 0;
        var batches = 0;
        while (wall < Minimum.TotalSeconds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var b = await batch();
            // A batch that took no measurable time would never fill the window: stop rather than spin.
            if (b.Time.Wall <= 0 || b.Units <= 0)
                throw new InvalidOperationException($"a batch of {unitsPerBatch} units reported {b.Units} units in {b.Time.Wall} s; a timed batch must do work and take time");
            units += b.Units;
            wall += b.Time.Wall;
            cpu += b.Time.Cpu;
            batches++;
        }
        return new Window(units, wall, cpu, batches, unitsPerBatch);
    }

    /// <summary>The shortest and longest window of a pair set, e.g. <c>windows 1.02–1.31 s</c>.</summary>
    public static string Span(IEnumerable<Window> windows)
    {
        var list = windows.ToList();
        return $"{list.Min(w => w.Wall).ToString("0.00", CultureInfo.InvariantCulture)}–{list.Max(w => w.Wall).ToString("0.00", CultureInfo.InvariantCulture)} s";
    }
}
