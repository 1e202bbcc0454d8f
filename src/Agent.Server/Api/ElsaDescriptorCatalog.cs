using System.Text.Json.Nodes;
using Agent.Workflows.Descriptors;

namespace Agent.Server.Api;

/// <summary>
/// The descriptor lists the Studio loads before it can draw a designer: activities (from the engine's registry, in
/// Elsa's JSON shape), expression syntaxes, variable types, storage drivers and the strategy lists of the workflow
/// settings panel. The activity list follows the registry, which gains and loses the workflows usable as activities.
/// </summary>
public sealed class ElsaDescriptorCatalog(ActivityRegistry registry)
{
    // The descriptors with the registry revision they were built at; rebuilt when a workflow usable as an activity is
    // published, changed or retracted, so the toolbox lists the workflows that can be used right now.
    private volatile Snapshot? _activities;

    /// <summary>Every registered activity, as Elsa's <c>ActivityDescriptor</c>.</summary>
    public JsonArray Activities => Current().Descriptors.DeepClone().AsArray();

    /// <summary>The number of activity descriptors.</summary>
    public int ActivityCount => Current().Descriptors.Count;

    private Snapshot Current()
    {
        var revision = registry.Revision;
        if (_activities is { } built && built.Revision == revision) return built;
        // Read the revision first: a change while building leaves an older revision behind, so the next call rebuilds.
        return _activities = new Snapshot(revision, BuildActivities(registry));
    }

    private sealed record Snapshot(long Revision, JsonArray Descriptors);

    /// <summary>The expression syntaxes the engine evaluates.</summary>
    public static IReadOnlyList<object> ExpressionDescriptors { get; } =
    [
        Expression("Literal", "Literal", new() { ["MonacoLanguage"] = "" }),
        Expression("Object", "Object", new() { ["MonacoLanguage"] = "json" }),
        Expression("JavaScript", "JavaScript", new() { ["MonacoLanguage"] = "javascript" }),
        Expression("Variable", "Variable", new(), browsable: false),
    ];

    /// <summary>The variable types a definition may declare, by category as in Elsa.</summary>
    public static IReadOnlyList<object> VariableTypes { get; } =
    [
        Variable("Object", "Object", "Primitives"), Variable("String", "String", "Primitives"), Variable("Boolean", "Boolean", "Primitives"),
        Variable("Int32", "Int32", "Primitives"), Variable("Int64", "Int64", "Primitives"), Variable("Double", "Double", "Primitives"),
        Variable("Decimal", "Decimal", "Primitives"), Variable("Guid", "Guid", "Primitives"), Variable("ObjectMap", "ObjectMap", "Dynamic"),
        Variable("DateTime", "DateTime", "Timestamps"), Variable("DateTimeOffset", "DateTimeOffset", "Timestamps"), Variable("TimeSpan", "TimeSpan", "Timestamps"),
    ];

    /// <summary>Where variable values live: the engine keeps every variable in the instance state.</summary>
    public static IReadOnlyList<object> StorageDrivers { get; } =
    [
        new { typeName = "Elsa.Workflows.Services.WorkflowInstanceStorageDriver, Elsa.Workflows.Core", displayName = "Workflow instance", priority = 0.0, deprecated = false },
        new { typeName = "Elsa.Workflows.Services.MemoryStorageDriver, Elsa.Workflows.Core", displayName = "Memory", priority = -1.0, deprecated = false },
    ];

    /// <summary>The one activation strategy the engine has: a definition may always start a new instance.</summary>
    public static IReadOnlyList<object> ActivationStrategies { get; } =
    [
        new { typeName = "Elsa.Workflows.Activation.Strategies.AllowAlwaysStrategy, Elsa.Workflows.Core", displayName = "Always", description = "Always allow the creation of a new instance." },
    ];

    /// <summary>Log persistence choices; the engine journals every activity, so only Include is real.</summary>
    public static IReadOnlyList<object> LogPersistenceStrategies { get; } =
    [
        new { typeName = "Elsa.Workflows.LogPersistence.Strategies.Include, Elsa.Workflows.Core", displayName = "Include", description = "Every activity execution is journaled." },
    ];

    /// <summary>What happens on a fault: the instance faults with an incident.</summary>
    public static IReadOnlyList<object> IncidentStrategies { get; } =
    [
        new { typeName = "Elsa.Workflows.IncidentStrategies.FaultStrategy, Elsa.Workflows.Core", displayName = "Fault", description = "The instance faults and records an incident." },
    ];

    /// <summary>The engine commits after every activity; there is nothing to choose.</summary>
    public static IReadOnlyList<object> CommitStrategies { get; } = [];

    /// <summary>The Elsa features this server implements, for the Studio's feature checks.</summary>
    public static IReadOnlyList<object> Features { get; } =
    [
        Feature("Workflows", "Elsa.Workflows"), Feature("WorkflowManagement", "Elsa.Workflows.Management"),
        Feature("WorkflowRuntime", "Elsa.Workflows.Runtime"), Feature("WorkflowsApi", "Elsa.Workflows.Api"),
        Feature("JavaScript", "Elsa.JavaScript"), Feature("Identity", "Elsa.Identity"),
    ];

    private static JsonArray BuildActivities(ActivityRegistry registry) =>
        [.. registry.Descriptors.Select(ElsaActivityDescriptorJson.ToJson)];

    private static object Expression(string type, string displayName, Dictionary<string, string> properties, bool browsable = true) =>
        new { type, displayName, isSerializable = true, isBrowsable = browsable, properties };

    private static object Variable(string typeName, string displayName, string category) =>
        new { typeName, displayName, category, description = (string?)null };

    private static object Feature(string name, string ns) =>
        new { name, @namespace = ns, fullName = $"{ns}.{name}Feature", displayName = name, description = "" };
}
