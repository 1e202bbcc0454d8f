using Jint;

namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>Creates sandboxed Jint engines.</summary>
internal static class EngineFactory
{
    /// <summary>A fresh engine with CLR access off and the limits of <paramref name="options"/> applied.</summary>
    public static Engine Create(JavaScriptOptions options, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.TimeoutMs);
        return new Engine(o =>
        {
            // No CLR objects cross into scripts: values are marshalled as plain JS values and helpers are native
            // functions, so nothing needs interop and turning it off closes every route to .NET types.
            o.Interop.Enabled = false;
            o.TimeoutInterval(timeout);
            o.LimitMemory(options.MemoryLimitBytes);
            o.LimitRecursion(options.RecursionLimit);
            if (options.MaxStatements is { } maxStatements) o.MaxStatements(maxStatements);
            o.CancellationToken(cancellationToken);
            // Regular expressions run in .NET and promises wait outside the interpreter loop; both would
            // otherwise escape the time limit (catastrophic backtracking, a promise that never settles).
            o.Constraints.RegexTimeout = timeout;
            o.Constraints.PromiseTimeout = timeout;
            o.TimeZone = TimeZoneInfo.Utc;
        });
    }
}
