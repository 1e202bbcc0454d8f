namespace Agent.Activities.Safety.Policy;

/// <summary>The policy shipped inside the agent (<c>BuiltInPolicy.yaml</c>, an embedded resource): the agent never runs without one.</summary>
public sealed class BuiltInPolicy
{
    /// <summary>The name rules of the built-in policy give as their source (<c>built-in:LINE</c>).</summary>
    public const string SourceName = "built-in";

    private const string ResourceName = "Agent.Activities.Safety.Policy.BuiltInPolicy.yaml";
    private readonly Lazy<PolicyDocument> _document;

    /// <summary>Parses the embedded file on first use.</summary>
    public BuiltInPolicy(PolicyFileParser parser) => _document = new Lazy<PolicyDocument>(() => parser.Parse(Text(), SourceName, PolicyLayer.BuiltIn));

    /// <summary>The parsed built-in policy.</summary>
    public PolicyDocument Document => _document.Value;

    /// <summary>The embedded YAML, for <c>agent policy check</c> and for operators who start their own file from it.</summary>
    public static string Text()
    {
        using var stream = typeof(BuiltInPolicy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the built-in policy ({ResourceName}) is missing from the assembly; rebuild the agent.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
