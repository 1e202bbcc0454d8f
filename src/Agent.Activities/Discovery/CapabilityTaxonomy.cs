using System.Text.Json;

namespace Agent.Activities.Discovery;

/// <summary>
/// The capability taxonomy (<c>capabilities.yaml</c>): which capability tags exist, what reveals each in a tool's name,
/// description and input schema, what each costs to add, and which capabilities each gap type needs. Immutable and
/// thread-safe once loaded.
/// </summary>
/// <remarks>
/// Scoring per capability: a keyword whose words all appear in the tool's name weighs 3; a keyword that appears as a
/// phrase in the description weighs 2; a schema hint that names an input property weighs 1; an exact tool name
/// (<see cref="CapabilityDefinition.ToolNames"/>) tags at once. Each kind counts once. A tag is given when the score
/// reaches <see cref="Threshold"/> (3 unless the file says otherwise): a name match alone, or a description match plus
/// a schema hint.
/// </remarks>
public sealed class CapabilityTaxonomy
{
    /// <summary>The file name the agent ships at the repository root and copies next to its assemblies.</summary>
    public const string FileName = "capabilities.yaml";

    private const int NameWeight = 3;
    private const int DescriptionWeight = 2;
    private const int SchemaWeight = 1;

    private readonly Dictionary<string, CapabilityDefinition> _byTag;
    private readonly List<(CapabilityDefinition Definition, List<IReadOnlyList<string>> Phrases)> _matchers;

    /// <summary>Creates a taxonomy from already validated parts; <see cref="Load(string)"/> and <see cref="Parse"/> are the usual way in.</summary>
    /// <param name="capabilities">The capabilities, tags unique.</param>
    /// <param name="gapTypeNeeds">Capabilities each gap type (task type or cycle step) needs.</param>
    /// <param name="threshold">The score a tool must reach for a tag, &gt; 0.</param>
    /// <param name="source">Where the taxonomy came from, for messages.</param>
    public CapabilityTaxonomy(
        IReadOnlyList<CapabilityDefinition> capabilities,
        IReadOnlyDictionary<string, IReadOnlyList<string>> gapTypeNeeds,
        int threshold,
        string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold);
        Capabilities = capabilities;
        GapTypeNeeds = gapTypeNeeds;
        Threshold = threshold;
        Source = source;
        _byTag = capabilities.ToDictionary(c => c.Tag, StringComparer.Ordinal);
        _matchers = [.. capabilities.Select(c => (c, c.Keywords.Select(k => ToolText.Words(k)).Where(w => w.Count > 0).ToList()))];
    }

    /// <summary>Every capability, in file order.</summary>
    public IReadOnlyList<CapabilityDefinition> Capabilities { get; }

    /// <summary>Capabilities needed per gap type, e.g. <c>research → [web.search]</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GapTypeNeeds { get; }

    /// <summary>Tools the agent has without any MCP server (Claude Code's built-ins); their capabilities count as provided.</summary>
    public IReadOnlyList<string> BuiltinTools { get; init; } = [];

    /// <summary>The capabilities of <see cref="BuiltinTools"/>.</summary>
    public IReadOnlySet<string> BuiltinCapabilities => BuiltinTools.SelectMany(t => Tag(t, null, null)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The score a tool must reach for a tag.</summary>
    public int Threshold { get; }

    /// <summary>The file (or stream name) the taxonomy was read from.</summary>
    public string Source { get; }

    /// <summary>Reads and validates the taxonomy file at <paramref name="yamlPath"/>.</summary>
    /// <exception cref="CapabilityTaxonomyException">The file is missing or invalid; the message says where and what to change.</exception>
    public static CapabilityTaxonomy Load(string yamlPath)
    {
        if (!File.Exists(yamlPath))
            throw new CapabilityTaxonomyException(yamlPath, 0, $"the taxonomy file does not exist; ship '{FileName}' next to the agent or set Discovery:TaxonomyPath.");
        return Parse(File.ReadAllText(yamlPath), yamlPath);
    }

    /// <summary>Reads and validates a taxonomy from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="CapabilityTaxonomyException">The text is invalid.</exception>
    public static CapabilityTaxonomy Load(Stream stream, string source)
    {
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), source);
    }

    /// <summary>Reads and validates taxonomy YAML text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="CapabilityTaxonomyException">The text is invalid.</exception>
    public static CapabilityTaxonomy Parse(string yaml, string source) => CapabilityTaxonomyReader.Parse(yaml, source);

    /// <summary>The taxonomy shipped beside the agent's assemblies (<see cref="FileName"/> in the app's base directory).</summary>
    /// <exception cref="CapabilityTaxonomyException">The shipped file is missing or invalid.</exception>
    public static CapabilityTaxonomy LoadShipped() => Load(Path.Combine(AppContext.BaseDirectory, FileName));

    /// <summary>Whether <paramref name="tag"/> is a capability of this taxonomy.</summary>
    public bool IsKnown(string tag) => _byTag.ContainsKey(tag);

    /// <summary>The capability with <paramref name="tag"/>, or null.</summary>
    public CapabilityDefinition? Find(string tag) => _byTag.GetValueOrDefault(tag);

    /// <summary>The capabilities a gap type needs (empty when the taxonomy names none).</summary>
    public IReadOnlyList<string> NeedsOf(string gapType) => GapTypeNeeds.TryGetValue(gapType, out var needs) ? needs : [];

    /// <summary>The capability tags of one tool, in taxonomy order.</summary>
    /// <param name="toolName">The tool's name (for MCP tools without the <c>mcp__server__</c> prefix, though it does no harm).</param>
    /// <param name="description">The tool's description, if any.</param>
    /// <param name="inputSchema">The tool's JSON input schema, if any; its top-level <c>properties</c> are compared with schema hints.</param>
    public IReadOnlyList<string> Tag(string toolName, string? description, JsonElement? inputSchema)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        var bareName = toolName.StartsWith("mcp__", StringComparison.Ordinal) ? toolName[(toolName.LastIndexOf("__", StringComparison.Ordinal) + 2)..] : toolName;
        var nameWords = ToolText.Words(bareName);
        var descriptionWords = ToolText.Words(description);
        var properties = PropertyNames(inputSchema);
        var tags = new List<string>();
        foreach (var (definition, phrases) in _matchers)
        {
            if (definition.ToolNames.Contains(bareName, StringComparer.OrdinalIgnoreCase))
            {
                tags.Add(definition.Tag);
                continue;
            }
            var score = 0;
            if (phrases.Any(p => ToolText.ContainsAll(nameWords, p))) score += NameWeight;
            if (phrases.Any(p => ToolText.ContainsSequence(descriptionWords, p))) score += DescriptionWeight;
            if (definition.SchemaHints.Any(properties.Contains)) score += SchemaWeight;
            if (score >= Threshold) tags.Add(definition.Tag);
        }
        return tags;
    }

    private static HashSet<string> PropertyNames(JsonElement? schema)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject()) names.Add(property.Name);
        }
        return names;
    }
}
