using System.Collections.Concurrent;
using Acornima;
using Acornima.Ast;
using Jint;

namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>A parsed script, or why it could not be parsed.</summary>
/// <param name="Script">The prepared script; null when <paramref name="SyntaxError"/> is set.</param>
/// <param name="SyntaxError">"syntax error at line 1, column 4: Unexpected end of input", or null.</param>
internal sealed record ParsedScript(Prepared<Script>? Script, string? SyntaxError);

/// <summary>
/// Parses each distinct script text once (Jint's prepared scripts are immutable and thread-safe) so that
/// an expression evaluated in a loop is not re-parsed. Syntax errors are cached too, so a broken expression in a
/// hot path fails fast. The cache is bounded: when it is full it is cleared and refills with what is in use,
/// which costs one re-parse per live script and needs no bookkeeping on the hot path.
/// </summary>
internal sealed class PreparedScriptCache(int capacity)
{
    private static readonly ScriptPreparationOptions PreparationOptions = new()
    {
        // Elsa lets expressions use a top-level `return`, and definitions written for it rely on that.
        ParsingOptions = new ScriptParsingOptions { AllowReturnOutsideFunction = true },
        // Tells which free identifiers a script uses, so get<Output>From<Activity> accessors can be resolved.
        CollectReferencedGlobals = true,
    };

    private readonly ConcurrentDictionary<string, Lazy<ParsedScript>> _entries = new(StringComparer.Ordinal);
    private long _parseCount;

    /// <summary>How many times a script was actually parsed (cache misses).</summary>
    public long ParseCount => Interlocked.Read(ref _parseCount);

    /// <summary>How many scripts are cached now.</summary>
    public int Count => _entries.Count;

    /// <summary>Returns the parsed form of <paramref name="source"/>, parsing it on first use.</summary>
    public ParsedScript Get(string source)
    {
        if (_entries.TryGetValue(source, out var cached)) return cached.Value;
        if (_entries.Count >= capacity) _entries.Clear();
        // Lazy makes concurrent first uses of the same text share one parse.
        return _entries.GetOrAdd(source, text => new Lazy<ParsedScript>(() => Parse(text))).Value;
    }

    private ParsedScript Parse(string source)
    {
        Interlocked.Increment(ref _parseCount);
        try
        {
            return new ParsedScript(Engine.PrepareScript(source, options: PreparationOptions), null);
        }
        catch (ScriptPreparationException ex) when (ex.InnerException is ParseErrorException parse)
        {
            return new ParsedScript(null, Describe(parse));
        }
        catch (ParseErrorException parse)
        {
            return new ParsedScript(null, Describe(parse));
        }
    }

    // Acornima counts columns from 0; editors and people count from 1.
    private static string Describe(ParseErrorException error) =>
        $"syntax error at line {error.LineNumber}, column {error.Column + 1}: {error.Description}";
}
