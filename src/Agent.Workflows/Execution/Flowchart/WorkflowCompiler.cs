using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Activities;
using Agent.Workflows.Activities.Workflows;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;
using Agent.Workflows.Validation;

namespace Agent.Workflows.Execution.Flowchart;

/// <summary>
/// Validates a definition and compiles it for execution. Every problem is collected with its JSON path,
/// so a user fixes a definition in one pass. Compiled versions are cached by version id.
/// </summary>
public sealed class WorkflowCompiler(ActivityRegistry registry, ExpressionEvaluatorRegistry expressions, WorkflowActivityCatalog? workflows = null)
{
    private readonly WorkflowActivityCatalog _workflows = workflows ?? new WorkflowActivityCatalog(registry);
    private WorkflowActivityResolver Resolver => _resolver ??= new WorkflowActivityResolver(_workflows);
    private WorkflowActivityResolver? _resolver;
    private const string FlowchartType = "Elsa.Flowchart";
    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    /// <summary>Every problem in <paramref name="definition"/>; empty when it can run.</summary>
    public IReadOnlyList<DefinitionValidationError> Validate(WorkflowDefinition definition)
    {
        var errors = new List<DefinitionValidationError>();
        TryBuild(definition, errors, strict: true);
        return errors;
    }

    /// <summary>
    /// Compiles a definition. Compiled versions are cached by version id; a definition object not seen before
    /// (e.g. loaded again from the store) hits the cache when its content is the same, so resuming does not
    /// recompile, while a draft edited in place under the same id is compiled afresh.
    /// </summary>
    /// <exception cref="InvalidDefinitionException">The definition has problems; all are listed.</exception>
    public CompiledWorkflow Compile(WorkflowDefinition definition)
    {
        var cacheable = !string.IsNullOrEmpty(definition.Id);
        byte[]? fingerprint = null;
        // A workflow that inlines others compiles again once the stored definitions changed (a newer published version).
        if (cacheable && _cache.TryGetValue(definition.Id, out var cached) && (!cached.Compiled.InlinesWorkflows || cached.Generation == _workflows.Generation))
        {
            if (ReferenceEquals(cached.Compiled.Definition, definition)) return cached.Compiled;
            fingerprint = Fingerprint(definition);
            if (fingerprint.AsSpan().SequenceEqual(cached.Fingerprint)) return cached.Compiled;
        }
        var errors = new List<DefinitionValidationError>();
        var generation = _workflows.Generation;
        var compiled = TryBuild(definition, errors, strict: false);
        if (compiled is null || errors.Count > 0) throw new InvalidDefinitionException(definition.DefinitionId, errors);
        if (cacheable) _cache[definition.Id] = new CacheEntry(compiled, fingerprint ?? Fingerprint(definition), generation);
        return compiled;
    }

    private sealed record CacheEntry(CompiledWorkflow Compiled, byte[] Fingerprint, long Generation);

    /// <summary>What one compilation collects: the definition compiled, every node, the ids seen, and the problems.</summary>
    private sealed record BuildState(string DefinitionId, bool Strict, List<CompiledNode> AllNodes, HashSet<string> Seen, List<DefinitionValidationError> Errors);

    private static byte[] Fingerprint(WorkflowDefinition definition) =>
        System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(definition, WorkflowJson.Options));

    // Strict when a definition is stored (every workflow it uses must be published and usable as an activity); not when
    // it runs, so instances keep running on a workflow retracted since (see WorkflowActivityResolver).
    private CompiledWorkflow? TryBuild(WorkflowDefinition definition, List<DefinitionValidationError> errors, bool strict)
    {
        var root = definition.Root;
        if (root is null) { errors.Add(new("$.root", "The definition has no root activity; add a root Elsa.Flowchart.")); return null; }
        for (var i = 0; i < definition.Variables.Count; i++)
        {
            VariableDefaults.Convert(definition.Variables[i], out var problem);
            if (problem is not null) errors.Add(new($"$.variables[{i}].value", problem));
        }
        var state = new BuildState(definition.DefinitionId, strict, [], new HashSet<string>(StringComparer.Ordinal), errors);
        var scope = root.Type == FlowchartType ? BuildScope(root, "$.root", null, state) : BuildSingleRoot(root, state);
        return errors.Count > 0 ? null : new CompiledWorkflow(definition, scope, state.AllNodes);
    }

    // Elsa lets any activity be the root (a Sequence, a WriteLine, a workflow used as an activity): it runs as the
    // only activity of an implicit root flowchart, and the instance ends when it completes.
    private CompiledScope BuildSingleRoot(ActivityNode root, BuildState state)
    {
        var scope = new CompiledScope();
        if (string.IsNullOrWhiteSpace(root.Id)) root.Id = "root";
        if (BuildNode(root, "$.root", scope, null, 0, state) is not { } node) return scope;
        scope.Nodes.Add(node);
        scope.Start = node;
        FlowGraph.MarkBackEdges(scope.Nodes, node);
        FlowGraph.ComputeReachability(scope.Nodes);
        return scope;
    }

    // One flowchart: its activities (nested flowcharts recurse), connections, start, loops and reachability.
    private CompiledScope BuildScope(ActivityNode flowchart, string path, CompiledNode? container, BuildState state)
    {
        var errors = state.Errors;
        var scope = new CompiledScope { Container = container };
        BuildNodes(flowchart.Activities ?? [], path, scope, state);
        foreach (var n in scope.Nodes) n.MergeMode = ResolveMergeMode(n, errors);
        var byId = scope.Nodes.ToDictionary(n => n.Node.Id, StringComparer.Ordinal);
        var declaredIds = (flowchart.Activities ?? []).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        ConnectNodes(flowchart.Connections ?? [], path, byId, declaredIds, errors);
        // An empty flowchart (what Elsa Studio's "Create workflow" saves) is valid and finishes at once, as in Elsa.
        scope.Start = FindStart(flowchart, path, scope.Nodes, byId, errors, allowEmpty: true);
        if (scope.Start is not null)
        {
            FlowGraph.MarkBackEdges(scope.Nodes, scope.Start);
            FlowGraph.MarkInvalidBackEdges(scope.Nodes, scope.Start);
            FlowGraph.ComputeReachability(scope.Nodes);
        }
        return scope;
    }

    private void BuildNodes(List<ActivityNode> activities, string scopePath, CompiledScope scope, BuildState state)
    {
        for (var i = 0; i < activities.Count; i++)
            if (BuildNode(activities[i], $"{scopePath}.activities[{i}]", scope, null, scope.Nodes.Count, state) is { } compiled)
                scope.Nodes.Add(compiled);
    }

    // One activity: a flowchart's node (scope set) or a composite's embedded child (parent set). Flowcharts and
    // composites recurse into what they hold.
    private CompiledNode? BuildNode(ActivityNode node, string path, CompiledScope? scope, CompiledNode? parent, int index, BuildState state)
    {
        var (allNodes, seen, errors) = (state.AllNodes, state.Seen, state.Errors);
        if (string.IsNullOrWhiteSpace(node.Id)) { errors.Add(new($"{path}.id", "The activity has no id; give it a unique id.")); return null; }
        if (!seen.Add(node.Id)) { errors.Add(new($"{path}.id", $"Duplicate activity id '{node.Id}'; activity ids must be unique within the workflow.")); return null; }
        var workflowId = WorkflowTarget(node, out var type);
        IActivity? activity = null;
        if (workflowId is not null)
        {
            // A workflow used as an activity: typed by the version it runs, which is inlined under the node's id.
            var definition = ResolveWorkflow(node, workflowId, path, parent ?? scope?.Container, state);
            if (definition is null) return null;
            type = ActivityType.ForWorkflow(WorkflowActivityTypes.Describe(definition), workflowId, _ => throw new InvalidOperationException("Bound by the compiler."));
            activity = new WorkflowDefinitionActivity { DefinitionId = workflowId, Definition = definition, Root = DefinitionInliner.Inline(definition, node.Id) };
        }
        else if (type is null)
        {
            errors.Add(new($"{path}.type", $"Unknown activity type '{node.Type}' (activity '{node.Id}'). Known types: {string.Join(", ", registry.TypeNames)}."));
            return null;
        }
        ValidateExpressions(node, type, path, errors);
        RetryPolicy? retry = null;
        try { retry = RetryPolicy.FromCustomProperties(node.CustomProperties); }
        catch (FormatException e) { errors.Add(new($"{path}.customProperties.retryPolicy", e.Message)); }
        try { activity ??= type.Bind(node); }
        catch (Exception e) { errors.Add(new(path, $"Activity '{node.Id}' cannot be built: {e.GetBaseException().Message}")); return null; }
        if (WorkflowReferences.StarterTypes.Contains(node.Type) && WorkflowReferences.Target(node) is { Length: > 0 } started)
            CheckCycle(node, started, $"{path}.workflowDefinitionId", parent ?? scope?.Container, state);
        if (activity is IValidatingActivity validating)
            foreach (var (input, problem) in validating.Validate()) errors.Add(new($"{path}.{input}", problem));
        var compiled = new CompiledNode { Index = index, Node = node, Path = path, Type = type, Activity = activity, Retry = retry, Scope = scope, Parent = parent,
            DeclaredVariables = Frames.ContainerVariables.Declared(node) };
        allNodes.Add(compiled);
        if (node.Type == FlowchartType) compiled.ChildScope = BuildScope(node, path, compiled, state);
        else if (activity is Activities.Composition.ICompositeActivity composite)
        {
            foreach (var child in composite.GetChildren(node))
                if (BuildNode(child.Node, $"{path}.{child.Path}", null, compiled, 0, state) is { } c) compiled.Children.Add(c);
        }
        else if (type.Descriptor.IsContainer)
            errors.Add(new($"{path}.type", $"Container '{node.Type}' (activity '{node.Id}') cannot run here; use a nested Elsa.Flowchart instead."));
        if (activity is Activities.Looping.Break && !HasLoopAncestor(compiled))
            errors.Add(new($"{path}.type", $"Activity '{node.Id}' is an Elsa.Break outside every loop; a Break leaves the nearest Elsa.ForEach, Elsa.For or Elsa.While around it, so move it into a loop's body or remove it."));
        return compiled;
    }

    // The definition a node calls as a workflow activity: the workflowDefinitionId it names, or the one its type stands
    // for. Null for an activity class (Elsa.ExecuteWorkflow's workflowDefinitionId is an input, not a string).
    private string? WorkflowTarget(ActivityNode node, out ActivityType? type)
    {
        registry.TryGet(node.Type, out type);
        if (type is not null && type.WorkflowDefinitionId is null) return null;
        return node.TryGetProperty("workflowDefinitionId", out var w) && w.ValueKind == JsonValueKind.String && w.GetString() is { Length: > 0 } id
            ? id : type?.WorkflowDefinitionId ?? _workflows.FindByTypeName(node.Type);
    }

    private WorkflowDefinition? ResolveWorkflow(ActivityNode node, string definitionId, string path, CompiledNode? container, BuildState state)
    {
        var definition = Resolver.Resolve(node, definitionId, Enclosing(container, state), state.Strict, out var problem);
        // The error points at what names the workflow: its workflowDefinitionId, or the type when the node gives only that.
        if (problem is not null) state.Errors.Add(new(node.TryGetProperty("workflowDefinitionId", out _) ? $"{path}.workflowDefinitionId" : $"{path}.type", problem));
        return definition;
    }

    private void CheckCycle(ActivityNode node, string target, string path, CompiledNode? container, BuildState state)
    {
        if (Resolver.FindCycle(node, target, Enclosing(container, state)) is { } problem) state.Errors.Add(new(path, problem));
    }

    // The definitions a node stands in, outermost first: the one compiled, then each workflow activity around the node.
    private static List<string> Enclosing(CompiledNode? container, BuildState state)
    {
        var chain = new List<string>();
        for (var n = container; n is not null; n = n.Container)
            if (n.Activity is WorkflowDefinitionActivity w) chain.Add(w.DefinitionId);
        if (!string.IsNullOrEmpty(state.DefinitionId)) chain.Add(state.DefinitionId);
        chain.Reverse();
        return chain;
    }

    private static bool HasLoopAncestor(CompiledNode node)
    {
        for (var n = node.Container; n is not null; n = n.Container)
            if (n.Activity is Activities.Composition.ILoopActivity) return true;
        return false;
    }

    private void ValidateExpressions(ActivityNode node, ActivityType type, string path, List<DefinitionValidationError> errors)
    {
        foreach (var required in type.RequiredInputs)
            if (node.GetInput(required.Name)?.Expression is null)
                errors.Add(new($"{path}.{required.Name}", $"Activity '{node.Id}' ({node.Type}) needs input '{required.Name}'"
                    + (required.Description is { Length: > 0 } d ? $" ({d.TrimEnd('.')})" : "") + "; bind it to an expression, e.g. a variable or getOutputFrom('…')."));
        foreach (var input in type.Inputs)
        {
            var expression = node.GetInput(input.Name)?.Expression;
            if (expression is null) continue;
            var problem = expressions.Validate(expression);
            if (problem is not null)
                errors.Add(new($"{path}.{input.Name}.expression", $"{expression.Type} expression `{Shorten(expression.Text)}` of activity '{node.Id}': {problem}"));
        }
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 120 ? text : text[..117] + "...";

    // Connections to an activity that exists but could not be built (unknown type…) are skipped: that
    // activity's own error already says what is wrong.
    private static void ConnectNodes(List<Connection> connections, string scopePath, Dictionary<string, CompiledNode> byId, HashSet<string> declaredIds, List<DefinitionValidationError> errors)
    {
        for (var i = 0; i < connections.Count; i++)
        {
            var c = connections[i];
            var path = $"{scopePath}.connections[{i}]";
            var ok = true;
            if (!byId.ContainsKey(c.Source.Activity) && declaredIds.Contains(c.Source.Activity)
                || !byId.ContainsKey(c.Target.Activity) && declaredIds.Contains(c.Target.Activity)) continue;
            if (!byId.TryGetValue(c.Source.Activity, out var source))
            { errors.Add(new($"{path}.source.activity", $"Connection {c} starts at activity '{c.Source.Activity}', which does not exist.")); ok = false; }
            if (!byId.TryGetValue(c.Target.Activity, out var target))
            { errors.Add(new($"{path}.target.activity", $"Connection {c} ends at activity '{c.Target.Activity}', which does not exist.")); ok = false; }
            if (!ok) continue;
            var port = c.Source.Port ?? "Done";
            var ports = Ports(source!);
            if (!ports.Contains(port, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new($"{path}.source.port", $"Activity '{source!.Node.Id}' ({source.Node.Type}) has no port '{port}'; its ports are: {string.Join(", ", ports)}."));
                continue;
            }
            if (c.Target.Port is { Length: > 0 } tp && !string.Equals(tp, "In", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new($"{path}.target.port", $"Connection {c} enters activity '{target!.Node.Id}' through port '{tp}'; flowchart activities have the single inbound port 'In'."));
                continue;
            }
            var compiled = new CompiledConnection(c, source!, target!);
            source!.Outbound.Add(compiled);
            target!.Inbound.Add(compiled);
        }
    }

    private static IReadOnlyList<string> Ports(CompiledNode node) =>
        node.Activity is IDynamicOutcomes dynamic ? dynamic.GetOutcomes().Concat(node.Type.PortNames).Distinct().ToList() : node.Type.PortNames.ToList();

    private static CompiledNode? FindStart(ActivityNode flowchart, string path, List<CompiledNode> nodes, Dictionary<string, CompiledNode> byId,
        List<DefinitionValidationError> errors, bool allowEmpty)
    {
        // Earlier Elsa 3 exports name the start activity in root.start.
        if (flowchart.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() is { Length: > 0 } startId)
        {
            if (byId.TryGetValue(startId, out var explicitStart)) return explicitStart;
            errors.Add(new($"{path}.start", $"The start activity '{startId}' does not exist."));
            return null;
        }
        var start = nodes.FirstOrDefault(n => n.Type.Descriptor.IsStart)
            ?? nodes.FirstOrDefault(CanStartWorkflow)
            ?? nodes.FirstOrDefault(n => n.Inbound.Count == 0);
        if (start is null && nodes.Count > 0)
            errors.Add(new($"{path}.activities", "No activity to start from: there is no Elsa.Start and every activity has an inbound connection. Add an Elsa.Start or remove a connection."));
        if (nodes.Count == 0 && !allowEmpty && (flowchart.Activities ?? []).Count == 0)
            errors.Add(new($"{path}.activities", "The flowchart has no activities; add at least one."));
        return start;
    }

    // Elsa lets any activity be flagged as a start with canStartWorkflow (custom property or top level).
    private static bool CanStartWorkflow(CompiledNode n) =>
        n.Node.CustomProperties?["canStartWorkflow"] is JsonValue v && v.TryGetValue<bool>(out var b) && b
        || n.Node.TryGetProperty("canStartWorkflow", out var top) && top.ValueKind == JsonValueKind.True;

    private static MergeMode ResolveMergeMode(CompiledNode node, List<DefinitionValidationError> errors)
    {
        if (node.Activity is IJoinActivity join) return join.MergeMode;
        var raw = node.Node.CustomProperties?["mergeMode"]?.ToString();
        // Elsa treats "None" as no mode set.
        if (string.IsNullOrEmpty(raw) || string.Equals(raw, "None", StringComparison.OrdinalIgnoreCase)) return DefaultMergeMode;
        if (!int.TryParse(raw, out _) && Enum.TryParse<MergeMode>(raw, ignoreCase: true, out var mode)) return mode;
        errors.Add(new($"{node.Path}.customProperties.mergeMode",
            $"Unknown mergeMode '{raw}' on activity '{node.Node.Id}'; use one of: {string.Join(", ", Enum.GetNames<MergeMode>())}."));
        return DefaultMergeMode;
    }

    /// <summary>Implicit joins wait for the branches that can still arrive (see docs/engine.md).</summary>
    internal const MergeMode DefaultMergeMode = MergeMode.WaitAllActive;
}
