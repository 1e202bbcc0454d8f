using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Derives the activity type of a workflow definition usable as an activity, by Elsa's rules: the type name is the
/// definition's name in PascalCase, the category its <c>activityCategory</c> option (default <c>Workflows</c>), one input
/// per declared input and one output per declared output (a name taken by the activity itself gets a leading
/// underscore), and one flow port per declared outcome.
/// </summary>
public static class WorkflowActivityTypes
{
    /// <summary>The category of a workflow activity whose definition names none.</summary>
    public const string DefaultCategory = "Workflows";

    // Names of the node properties a workflow activity has itself (Elsa's WorkflowDefinitionActivity and Activity
    // properties); an input or output with one of these names is renamed with a leading underscore, as in Elsa.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Id", "NodeId", "Name", "Type", "Version", "CustomProperties", "Metadata", "SyntheticProperties", "Variables",
        "WorkflowDefinitionId", "WorkflowDefinitionVersionId", "LatestAvailablePublishedVersion", "LatestAvailablePublishedVersionId",
        "Root", "CanStartWorkflow", "RunAsynchronously", "Activities", "Connections",
    };

    /// <summary>True when the definition's options say it may be used as an activity (<c>options.usableAsActivity</c>).</summary>
    public static bool IsUsableAsActivity(WorkflowDefinition definition) =>
        definition.Options["usableAsActivity"] is JsonValue v
        && (v.TryGetValue<bool>(out var b) && b || v.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed) && parsed);

    /// <summary>The activity type name of a definition: its name (else its definition id) in PascalCase.</summary>
    public static string TypeName(WorkflowDefinition definition) => Pascalize(string.IsNullOrWhiteSpace(definition.Name) ? definition.DefinitionId : definition.Name);

    /// <summary>The node property an input or output of the definition is bound under (underscore-prefixed when reserved).</summary>
    public static string PropertyName(string name) => ReservedNames.Contains(name) ? "_" + name : name;

    /// <summary>The descriptor of <paramref name="definition"/> used as an activity.</summary>
    public static ActivityDescriptor Describe(WorkflowDefinition definition)
    {
        var typeName = TypeName(definition);
        var outcomes = definition.Outcomes.Where(o => !string.IsNullOrWhiteSpace(o)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new ActivityDescriptor
        {
            TypeName = typeName, Namespace = "", Name = typeName, Version = definition.Version,
            Category = definition.Options["activityCategory"]?.ToString() is { Length: > 0 } c ? c : DefaultCategory,
            DisplayName = definition.Name ?? definition.DefinitionId, Description = definition.Description, Kind = ActivityKind.Action,
            ClrType = typeof(WorkflowDefinitionActivity),
            Inputs = definition.Inputs.Select((i, n) => new InputDescriptor
            {
                Name = PropertyName(i.Name), TypeName = i.Type, DisplayName = i.DisplayName ?? i.Name, Description = i.Description, Order = n,
                UIHint = Extra(i, "uiHint") ?? "SingleLine", Category = Extra(i, "category"),
            }).ToList(),
            Outputs = definition.Outputs.Select(o => new OutputDescriptor
            {
                Name = PropertyName(o.Name), TypeName = o.Type, DisplayName = o.DisplayName ?? o.Name, Description = o.Description,
            }).ToList(),
            Ports = [.. (outcomes.Count > 0 ? outcomes : ["Done"]).Select(o => new PortDescriptor(o, o)),
                new PortDescriptor("Root", "Root", PortType.Embedded, IsBrowsable: false)],
            CustomProperties = new()
            {
                ["RootType"] = nameof(WorkflowDefinitionActivity), ["WorkflowDefinitionId"] = definition.DefinitionId,
                ["WorkflowDefinitionVersionId"] = definition.Id,
            },
            // Elsa's keys (property names); the node reads them case-insensitively either way.
            ConstructionProperties = new()
            {
                ["WorkflowDefinitionId"] = definition.DefinitionId, ["WorkflowDefinitionVersionId"] = definition.Id, ["Version"] = definition.Version,
            },
        };
    }

    private static string? Extra(ParameterDefinition p, string name) =>
        p.Extra is not null && p.Extra.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    // Humanizer's Pascalize: words split on spaces, underscores and dashes, each capitalised, then joined.
    private static string Pascalize(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var word in text.Split([' ', '_', '-', '\t'], StringSplitOptions.RemoveEmptyEntries))
            b.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        return b.ToString();
    }
}
