using Jint;
using Jint.Native;

namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>
/// Elsa's <c>get&lt;Output&gt;From&lt;Activity&gt;()</c> accessors, e.g. <c>getResultFromHttpRequest1()</c>.
/// The scope cannot list activities, so accessors are created for the names the script actually uses (Jint
/// reports a prepared script's free identifiers) and resolved when called. As in Elsa, an accessor whose activity
/// has not produced the output returns null.
/// </summary>
internal static class ActivityOutputAccessors
{
    private const string Prefix = "get";
    private const string Separator = "From";

    /// <summary>Installs an accessor for each referenced name of the right shape that is not already taken.</summary>
    public static void Install(Engine engine, IExpressionScope scope, IEnumerable<string>? referencedNames, ISet<string> taken)
    {
        if (referencedNames is null) return;
        foreach (var name in referencedNames)
        {
            if (taken.Contains(name)) continue;
            var candidates = Candidates(name);
            if (candidates.Count == 0) continue;
            HostFunction.AddLazy(engine, name, (e, _) => Read(e, scope, candidates));
        }
    }

    /// <summary>
    /// Every (output, activity) split of a name; <c>getDataFromMailFromBob</c> may mean output <c>Data</c> of
    /// <c>MailFromBob</c> or output <c>DataFromMail</c> of <c>Bob</c>, and only the scope can tell.
    /// </summary>
    internal static List<(string Output, string Activity)> Candidates(string name)
    {
        var result = new List<(string, string)>();
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return result;
        var body = name[Prefix.Length..];
        if (body.Length < Separator.Length + 2) return result;
        for (var at = body.IndexOf(Separator, 1, StringComparison.Ordinal); at > 0; at = body.IndexOf(Separator, at + 1, StringComparison.Ordinal))
        {
            var output = body[..at];
            var activity = body[(at + Separator.Length)..];
            if (JsNames.IsValidName(output) && JsNames.IsValidName(activity)) result.Add((output, activity));
        }
        return result;
    }

    private static JsValue Read(Engine engine, IExpressionScope scope, List<(string Output, string Activity)> candidates)
    {
        foreach (var (output, activity) in candidates)
        foreach (var activityKey in Spellings(activity))
        foreach (var outputKey in Spellings(output))
        {
            if (scope.TryGetActivityOutput(activityKey, outputKey, out var value)) return JsMarshaller.ToJs(engine, value);
        }
        return JsValue.Null;
    }

    // The accessor name is pascalized (Elsa's rule), while the activity or output may be named in camelCase.
    private static IEnumerable<string> Spellings(string pascalName)
    {
        yield return pascalName;
        var camel = char.ToLowerInvariant(pascalName[0]) + pascalName[1..];
        if (camel != pascalName) yield return camel;
    }
}
