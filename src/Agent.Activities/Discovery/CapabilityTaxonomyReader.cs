using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Agent.Activities.Discovery;

/// <summary>
/// Parses <c>capabilities.yaml</c>, walking the YAML node model so every error names its line. Shape:
/// <code>
/// threshold: 3                       # optional
/// builtinTools: [Read, Write, Bash]   # optional: tools the agent has without MCP servers
/// capabilities:
///   web.search:
///     description: Search the web
///     keywords: [web search, search the web]
///     schema: [query]                # optional input property hints
///     tools: [WebSearch]             # optional exact tool names
///     cost: { secrets: true, installMb: 20, risk: medium }   # optional
/// gapTypes:                          # optional: capabilities each gap type needs
///   research: [web.search]
/// </code>
/// </summary>
internal static class CapabilityTaxonomyReader
{
    private static readonly string[] TopKeys = ["threshold", "builtinTools", "capabilities", "gapTypes"];
    private static readonly string[] CapabilityKeys = ["description", "keywords", "schema", "tools", "cost"];
    private static readonly string[] CostKeys = ["secrets", "installMb", "risk"];

    public static CapabilityTaxonomy Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new CapabilityTaxonomyException(source, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new CapabilityTaxonomyException(source, 1, "expected a mapping with 'capabilities' at the top.");
        CheckKeys(root, TopKeys, "the top level", source);

        var threshold = 3;
        if (Child(root, "threshold") is { } thresholdNode)
        {
            threshold = (int)Number(thresholdNode, "threshold", source);
            if (threshold <= 0) throw Error(source, thresholdNode, "'threshold' must be a positive whole number.");
        }
        if (Child(root, "capabilities") is not YamlMappingNode capabilitiesNode || capabilitiesNode.Children.Count == 0)
            throw Error(source, root, "'capabilities' must be a non-empty mapping of tag → { description, keywords, ... }.");
        var capabilities = capabilitiesNode.Children.Select(pair => ReadCapability(pair.Key, pair.Value, source)).ToList();
        var known = capabilities.Select(c => c.Tag).ToHashSet(StringComparer.Ordinal);

        var gapTypes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Child(root, "gapTypes") is { } gapTypesNode)
        {
            if (gapTypesNode is not YamlMappingNode map) throw Error(source, gapTypesNode, "'gapTypes' must map a gap type to a list of capability tags.");
            foreach (var (key, value) in map.Children)
            {
                var needs = StringList(value, $"gapTypes.{Scalar(key)}", source);
                foreach (var tag in needs.Where(t => !known.Contains(t)))
                    throw Error(source, value, $"gap type '{Scalar(key)}' needs unknown capability '{tag}'; define it under 'capabilities' first.");
                gapTypes[Scalar(key)] = needs;
            }
        }
        var builtins = Child(root, "builtinTools") is { } b ? StringList(b, "builtinTools", source) : [];
        return new CapabilityTaxonomy(capabilities, gapTypes, threshold, source) { BuiltinTools = builtins };
    }

    private static CapabilityDefinition ReadCapability(YamlNode key, YamlNode value, string source)
    {
        var tag = Scalar(key);
        if (tag.Length == 0 || tag.Any(char.IsWhiteSpace)) throw Error(source, key, $"'{tag}' is not a valid capability tag; use lowercase words joined by '.' or '-'.");
        if (value is not YamlMappingNode map) throw Error(source, value, $"capability '{tag}' must be a mapping with 'description' and 'keywords'.");
        CheckKeys(map, CapabilityKeys, $"capability '{tag}'", source);
        var description = (Child(map, "description") as YamlScalarNode)?.Value?.Trim() ?? "";
        if (description.Length == 0) throw Error(source, map, $"capability '{tag}' needs a 'description'.");
        var keywords = Child(map, "keywords") is { } k ? StringList(k, $"{tag}.keywords", source) : [];
        var tools = Child(map, "tools") is { } t ? StringList(t, $"{tag}.tools", source) : [];
        if (keywords.Count == 0 && tools.Count == 0) throw Error(source, map, $"capability '{tag}' needs 'keywords' or 'tools', or no tool can ever carry it.");
        var schema = Child(map, "schema") is { } s ? StringList(s, $"{tag}.schema", source) : [];
        var cost = Child(map, "cost") is { } c ? ReadCost(c, tag, source) : CapabilityCost.Default;
        return new CapabilityDefinition(tag, description, keywords, schema, tools, cost);
    }

    private static CapabilityCost ReadCost(YamlNode node, string tag, string source)
    {
        if (node is not YamlMappingNode map) throw Error(source, node, $"the cost of '{tag}' must be a mapping: {{ secrets, installMb, risk }}.");
        CheckKeys(map, CostKeys, $"the cost of '{tag}'", source);
        var cost = CapabilityCost.Default;
        if (Child(map, "secrets") is { } secrets)
        {
            cost = cost with
            {
                NeedsSecrets = bool.TryParse(Scalar(secrets), out var b) ? b : throw Error(source, secrets, $"'secrets' of '{tag}' must be true or false."),
            };
        }
        if (Child(map, "installMb") is { } size)
        {
            var mb = Number(size, "installMb", source);
            if (mb < 0) throw Error(source, size, $"'installMb' of '{tag}' must not be negative.");
            cost = cost with { InstallMegabytes = mb };
        }
        if (Child(map, "risk") is { } risk)
        {
            cost = cost with
            {
                Risk = Enum.TryParse<CapabilityRisk>(Scalar(risk), ignoreCase: true, out var r) && Enum.IsDefined(r)
                    ? r
                    : throw Error(source, risk, $"'risk' of '{tag}' must be low, medium or high, not '{Scalar(risk)}'."),
            };
        }
        return cost;
    }

    private static List<string> StringList(YamlNode node, string what, string source)
    {
        if (node is not YamlSequenceNode list) throw Error(source, node, $"'{what}' must be a list, e.g. [a, b].");
        var values = new List<string>();
        foreach (var item in list.Children)
        {
            if (item is not YamlScalarNode { Value: { } text } || text.Trim().Length == 0) throw Error(source, item, $"'{what}' must list non-empty strings.");
            values.Add(text.Trim());
        }
        return values;
    }

    private static void CheckKeys(YamlMappingNode map, string[] allowed, string where, string source)
    {
        foreach (var key in map.Children.Keys)
        {
            if (!allowed.Contains(Scalar(key), StringComparer.Ordinal))
                throw Error(source, key, $"unknown key '{Scalar(key)}' in {where}; allowed: {string.Join(", ", allowed)}.");
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static double Number(YamlNode node, string key, string source) =>
        node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(source, node, $"'{key}' must be a number, not '{Scalar(node)}'.");

    private static string Scalar(YamlNode node) => (node as YamlScalarNode)?.Value?.Trim() ?? "";

    private static CapabilityTaxonomyException Error(string source, YamlNode node, string problem) => new(source, (int)node.Start.Line, problem);
}
