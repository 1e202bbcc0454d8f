using System.Security.Cryptography;

namespace Agent.Bench;

/// <summary>
/// The fixed unit of real work every activity of figures (b) and (c) does: SHA-256 over a 16 KB buffer.
/// The figure is defined for a unit of about 10–20 µs; SHA-256 over 4 KB takes only about 3.5 µs on CPUs
/// with SHA extensions (as here), so the buffer is 16 KB (about 14 µs). <c>--work-kb 4</c> runs the 4 KB unit.
/// The engine's activities and the plain-C# floors call exactly these methods, so the only difference
/// between them is what surrounds the work.
/// </summary>
public static class WorkUnit
{
    /// <summary>Bytes hashed per unit; set once at start-up (<c>--work-kb</c>), before any unit runs.</summary>
    public static int BufferSize { get; private set; } = 16 * 1024;

    /// <summary>Sets the buffer size in KB; call before the first unit runs.</summary>
    public static void Configure(int kilobytes)
    {
        if (_buffer is not null) throw new InvalidOperationException("The work unit already ran; set its size first.");
        BufferSize = kilobytes * 1024;
    }

    [ThreadStatic] private static byte[]? _buffer;
    [ThreadStatic] private static byte[]? _digest;
    private static long _sink;

    /// <summary>A value that depends on every hash computed, so the work cannot be optimised away.</summary>
    public static long Sink => Interlocked.Read(ref _sink);

    /// <summary>Runs the unit of work for step <paramref name="step"/> (0-6) of a cycle.</summary>
    public static void Run(int step)
    {
        var buffer = _buffer ??= CreateBuffer();
        var digest = _digest ??= new byte[32];
        buffer[0] = (byte)step;
        buffer[1] = digest[0]; // chain the previous digest in: each hash depends on the last
        SHA256.HashData(buffer, digest);
        _sink += digest[31];
    }

    private static byte[] CreateBuffer()
    {
        var b = new byte[BufferSize];
        new Random(42).NextBytes(b);
        return b;
    }

    // The seven work methods of a cycle; the floor of (b) calls them in a plain loop.
    public static void Step1() => Run(0);
    public static void Step2() => Run(1);
    public static void Step3() => Run(2);
    public static void Step4() => Run(3);
    public static void Step5() => Run(4);
    public static void Step6() => Run(5);
    public static void Step7() => Run(6);

    /// <summary>The seven steps as delegates, in cycle order (the engine's activities look theirs up by index).</summary>
    public static readonly Action[] Steps = [Step1, Step2, Step3, Step4, Step5, Step6, Step7];
}
