using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Agent.Workflows.Activities;
using Agent.Workflows.Model;

namespace Agent.Workflows.Descriptors;

/// <summary>
/// Knows every activity type by its Elsa type name: its descriptor (derived from the class by reflection)
/// and how to build an instance with inputs bound from a definition node.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly ConcurrentDictionary<string, ActivityType> _types = new(StringComparer.Ordinal);
    private long _revision;

    /// <summary>
    /// Changes whenever a workflow usable as an activity is added, updated or removed, so a cache of the descriptors
    /// (the Studio's toolbox) knows to rebuild.
    /// </summary>
    public long Revision => Interlocked.Read(ref _revision);

    /// <summary>Creates a registry holding the built-in activities and the given types.</summary>
    public ActivityRegistry(IEnumerable<ActivityTypeRegistration>? registrations = null)
    {
        RegisterAssembly(typeof(ActivityRegistry).Assembly);
        foreach (var r in registrations ?? []) Register(r.Type);
    }

    /// <summary>All descriptors, ordered by category then display name.</summary>
    public IReadOnlyList<ActivityDescriptor> Descriptors =>
        _types.Values.Select(t => t.Descriptor).OrderBy(d => d.Category).ThenBy(d => d.DisplayName).ToList();

    /// <summary>Registers every public non-abstract class marked with <see cref="ActivityAttribute"/> in <paramref name="assembly"/>.</summary>
    public void RegisterAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetExportedTypes())
            if (type is { IsClass: true, IsAbstract: false } && type.GetCustomAttribute<ActivityAttribute>() is not null)
                Register(type);
    }

    /// <summary>Registers one activity class.</summary>
    /// <exception cref="ArgumentException">The class is not an activity or its type name is taken by another class.</exception>
    public void Register(Type type)
    {
        var activityType = ActivityType.Create(type);
        var existing = _types.GetOrAdd(activityType.Descriptor.TypeName, activityType);
        if (existing.Descriptor.ClrType != type)
            throw new ArgumentException(
                $"Activity type name '{activityType.Descriptor.TypeName}' of {type.FullName} is already used by {existing.Descriptor.ClrType?.FullName}; give one of them another [Activity] name.");
    }

    /// <summary>
    /// Registers (or replaces) the type of a workflow definition usable as an activity. A class-based type of the same
    /// name is never replaced.
    /// </summary>
    /// <exception cref="ArgumentException">An activity class already has this type name.</exception>
    public void RegisterWorkflow(ActivityType type)
    {
        ArgumentNullException.ThrowIfNull(type.WorkflowDefinitionId);
        _types.AddOrUpdate(type.Descriptor.TypeName, type, (name, existing) => existing.WorkflowDefinitionId is not null ? type
            : throw new ArgumentException($"Activity type name '{name}' of workflow definition '{type.WorkflowDefinitionId}' is already used by {existing.Descriptor.ClrType?.FullName}; rename the workflow."));
        Interlocked.Increment(ref _revision);
    }

    /// <summary>Removes the type <paramref name="typeName"/> when it stands for workflow definition <paramref name="definitionId"/>.</summary>
    public void UnregisterWorkflow(string typeName, string definitionId)
    {
        if (_types.TryGetValue(typeName, out var existing) && existing.WorkflowDefinitionId == definitionId
            && _types.TryRemove(new KeyValuePair<string, ActivityType>(typeName, existing)))
            Interlocked.Increment(ref _revision);
    }

    /// <summary>Finds an activity type by its type name (e.g. <c>Elsa.WriteLine</c>).</summary>
    public bool TryGet(string typeName, out ActivityType activityType) => _types.TryGetValue(typeName, out activityType!);

    /// <summary>The type names known, sorted, for error messages.</summary>
    public IEnumerable<string> TypeNames => _types.Keys.Order(StringComparer.Ordinal);
}

/// <summary>A DI registration of an activity class, collected by <see cref="ActivityRegistry"/>.</summary>
public sealed record ActivityTypeRegistration(Type Type);

/// <summary>An activity class with its descriptor and a binder that builds instances from definition nodes.</summary>
public sealed class ActivityType
{
    private readonly Func<IActivity> _factory;
    private Func<ActivityNode, IActivity>? _binder;
    private readonly IReadOnlyList<(PropertyInfo Property, InputDescriptor Descriptor, Type ValueType, object? Default)> _inputs;
    private readonly IReadOnlyList<(PropertyInfo Property, Type ValueType, string Name)> _outputs;
    private readonly IReadOnlyList<(PropertyInfo Property, string Name)> _unwrapped;

    private ActivityType(ActivityDescriptor descriptor, Func<IActivity> factory,
        IReadOnlyList<(PropertyInfo, InputDescriptor, Type, object?)> inputs, IReadOnlyList<(PropertyInfo, Type, string)> outputs,
        IReadOnlyList<(PropertyInfo, string)> unwrapped)
    {
        Descriptor = descriptor; _factory = factory; _inputs = inputs; _outputs = outputs; _unwrapped = unwrapped;
        RequiredInputs = [.. inputs.Where(i => i.Item1.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null && i.Item4 is null).Select(i => i.Item2)];
    }

    /// <summary>
    /// The inputs a definition must bind (marked <see cref="System.ComponentModel.DataAnnotations.RequiredAttribute"/>, with
    /// no default): the activity cannot run without them, so a definition that leaves one empty is refused when it is stored.
    /// </summary>
    public IReadOnlyList<InputDescriptor> RequiredInputs { get; }

    /// <summary>
    /// Builds the type of a workflow definition used as an activity: its descriptor is derived from the definition, and
    /// <paramref name="binder"/> builds the activity for a node.
    /// </summary>
    public static ActivityType ForWorkflow(ActivityDescriptor descriptor, string definitionId, Func<ActivityNode, IActivity> binder) =>
        new(descriptor, () => throw new InvalidOperationException("A workflow activity is built by its binder."), [], [], []) { _binder = binder, WorkflowDefinitionId = definitionId };

    /// <summary>For a workflow definition used as an activity, the definition's id; null for activity classes.</summary>
    public string? WorkflowDefinitionId { get; private init; }

    /// <summary>The descriptor the designer sees.</summary>
    public ActivityDescriptor Descriptor { get; }

    /// <summary>Names of the declared outcome ports.</summary>
    public IEnumerable<string> PortNames => Descriptor.Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name);

    /// <summary>Input names declared by the class.</summary>
    public IEnumerable<InputDescriptor> Inputs => _binder is null ? _inputs.Select(i => i.Descriptor) : Descriptor.Inputs;

    /// <summary>Builds an activity for <paramref name="node"/> with every input and output bound.</summary>
    public IActivity Bind(ActivityNode node)
    {
        if (_binder is not null) return _binder(node);
        var activity = _factory();
        foreach (var (property, descriptor, valueType, defaultValue) in _inputs)
        {
            var expression = node.GetInput(descriptor.Name)?.Expression
                ?? (defaultValue is null ? null : new ExpressionModel(descriptor.DefaultSyntax, JsonSerializer.SerializeToElement(defaultValue)));
            var input = Activator.CreateInstance(typeof(Input<>).MakeGenericType(valueType), descriptor.Name, expression);
            property.SetValue(activity, input);
        }
        // Some Elsa inputs are not wrapped in {typeName, expression}: the JSON holds the value itself
        // (SetVariable's variable, FlowSwitch's cases).
        foreach (var (property, name) in _unwrapped)
        {
            if (!node.TryGetProperty(name, out var raw) || raw.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) continue;
            try { property.SetValue(activity, raw.Deserialize(property.PropertyType, WorkflowJson.Options)); }
            catch (JsonException e) { throw new FormatException($"Input '{name}' of activity '{node.Id}' has the wrong shape: {e.Message}", e); }
        }
        foreach (var (property, valueType, name) in _outputs)
        {
            var output = Activator.CreateInstance(typeof(Output<>).MakeGenericType(valueType), name, ReadMemoryReference(node, name));
            property.SetValue(activity, output);
        }
        return activity;
    }

    // Elsa binds an output to a variable with {"typeName": "...", "memoryReference": {"id": "<variable id>"}}.
    private static string? ReadMemoryReference(ActivityNode node, string outputName) =>
        node.TryGetProperty(outputName, out var raw) && raw.ValueKind == JsonValueKind.Object
        && raw.TryGetProperty("memoryReference", out var mr) && mr.ValueKind == JsonValueKind.Object
        && mr.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString() : null;

    internal static ActivityType Create(Type type)
    {
        var attribute = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new ArgumentException($"{type.FullName} has no [Activity] attribute; add one to make it an activity.");
        if (!typeof(IActivity).IsAssignableFrom(type))
            throw new ArgumentException($"{type.FullName} must implement {nameof(IActivity)}.");
        var ctor = type.GetConstructor(Type.EmptyTypes)
            ?? throw new ArgumentException($"{type.FullName} needs a public parameterless constructor; activities get services from the context.");
        var name = attribute.Name ?? type.Name;
        var inputs = new List<(PropertyInfo, InputDescriptor, Type, object?)>();
        var outputs = new List<(PropertyInfo, Type, string)>();
        var unwrapped = new List<(PropertyInfo, string)>();
        var unwrappedDescriptors = new List<InputDescriptor>();
        var embeddedPorts = new List<PortDescriptor>();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<Activities.Composition.PortAttribute>() is { } port)
            {
                // An embedded child activity: bound from the node's JSON as it is, drawn by the designer as a port.
                var jsonName = JsonNamingPolicy.CamelCase.ConvertName(p.Name);
                unwrapped.Add((p, jsonName));
                embeddedPorts.Add(new PortDescriptor(p.Name, port.DisplayName ?? Humanize(p.Name), PortType.Embedded));
            }
            else if (p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Input<>))
            {
                var a = p.GetCustomAttribute<InputAttribute>() ?? new InputAttribute();
                var valueType = p.PropertyType.GetGenericArguments()[0];
                var d = new InputDescriptor
                {
                    Name = JsonNamingPolicy.CamelCase.ConvertName(p.Name), TypeName = Descriptors.TypeNames.For(valueType),
                    DisplayName = a.DisplayName ?? Humanize(p.Name), Description = a.Description, Order = a.Order,
                    UIHint = a.UIHint ?? DefaultHint(valueType, a.Options), Options = a.Options, Category = a.Category,
                    DefaultValue = a.DefaultValue, DefaultSyntax = a.DefaultSyntax,
                };
                inputs.Add((p, d, valueType, a.DefaultValue));
            }
            else if (p.GetCustomAttribute<InputAttribute>() is { } ua && p.CanWrite)
            {
                var jsonName = JsonNamingPolicy.CamelCase.ConvertName(p.Name);
                unwrapped.Add((p, jsonName));
                unwrappedDescriptors.Add(new InputDescriptor
                {
                    Name = jsonName, TypeName = Descriptors.TypeNames.For(p.PropertyType), DisplayName = ua.DisplayName ?? Humanize(p.Name),
                    Description = ua.Description, Order = ua.Order, IsWrapped = false, UIHint = ua.UIHint ?? "SingleLine", Category = ua.Category,
                });
            }
            else if (p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Output<>))
            {
                outputs.Add((p, p.PropertyType.GetGenericArguments()[0], JsonNamingPolicy.CamelCase.ConvertName(p.Name)));
            }
        }
        var declared = type.GetCustomAttribute<FlowNodeAttribute>()?.Outcomes;
        IReadOnlyList<string> outcomes = declared is { Count: > 0 } ? declared : ["Done"];
        var descriptor = new ActivityDescriptor
        {
            TypeName = $"{attribute.Namespace}.{name}", Namespace = attribute.Namespace, Name = name, Version = attribute.Version,
            Category = attribute.Category, DisplayName = attribute.DisplayName ?? Humanize(name), Description = attribute.Description,
            Kind = attribute.Kind, ClrType = type, SafeToRerun = attribute.SafeToRerun,
            Inputs = inputs.Select(i => i.Item2).Concat(unwrappedDescriptors).OrderBy(i => i.Order).ToList(),
            Outputs = outputs.Select(o => new OutputDescriptor
            {
                Name = o.Item3, TypeName = Descriptors.TypeNames.For(o.Item2), DisplayName = Humanize(o.Item1.Name),
                Description = o.Item1.GetCustomAttribute<OutputAttribute>()?.Description,
            }).ToList(),
            Ports = [.. outcomes.Select(o => new PortDescriptor(o, o)), .. embeddedPorts],
            IsContainer = typeof(IContainerActivity).IsAssignableFrom(type) || typeof(Activities.Composition.ICompositeActivity).IsAssignableFrom(type),
            IsStart = type.GetCustomAttribute<StartNodeAttribute>() is not null,
            IsTerminal = type.GetCustomAttribute<TerminalNodeAttribute>() is not null,
            // Elsa hides some types from the toolbox with [Browsable(false)] (Sequence, Parallel, Flowchart): they load and run, the designer does not offer them.
            IsBrowsable = type.GetCustomAttribute<System.ComponentModel.BrowsableAttribute>()?.Browsable ?? true,
        };
        var factory = System.Linq.Expressions.Expression.Lambda<Func<IActivity>>(System.Linq.Expressions.Expression.New(ctor)).Compile();
        return new ActivityType(descriptor, factory, inputs, outputs, unwrapped);
    }

    private static string DefaultHint(Type valueType, string[]? options) =>
        options is { Length: > 0 } || valueType.IsEnum ? "Dropdown" : valueType == typeof(bool) ? "Checkbox" : "SingleLine";

    private static string Humanize(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]) ? " " + c : c.ToString()));
}
