namespace Agent.Workflows.Activities;

/// <summary>
/// What role an activity plays, as Elsa names it. Only <see cref="Trigger"/> changes how this engine runs an activity
/// (a manual start may fire it at once); the other kinds are what the designer shows.
/// </summary>
public enum ActivityKind
{
    /// <summary>Does its work when reached and completes (the default).</summary>
    Action,
    /// <summary>Waits for something outside the workflow (a time, an event); at a flowchart's start it decides when the workflow runs.</summary>
    Trigger,
    /// <summary>Elsa's task: work done outside the workflow that reports back when finished.</summary>
    Task,
    /// <summary>Elsa's background job; run here like an action.</summary>
    Job,
}

/// <summary>
/// Declares a class as an activity. The type name is <c>{Namespace}.{Name}</c> (e.g. <c>Elsa.WriteLine</c>);
/// when <see cref="Name"/> is omitted the class name is used.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string category, string description) : Attribute
{
    /// <summary>The prefix of the type name: <c>Elsa</c> for the built-ins, <c>Agent</c> for this project's activities.</summary>
    public string Namespace { get; } = @namespace;

    /// <summary>The toolbox group the designer lists the activity under (e.g. <c>Branching</c>, <c>Scheduling</c>).</summary>
    public string Category { get; } = category;

    /// <summary>What the activity does, in one sentence; the designer shows it in the toolbox.</summary>
    public string Description { get; } = description;

    /// <summary>The type name after the namespace; the class name when omitted.</summary>
    public string? Name { get; init; }

    /// <summary>The name the designer shows; when omitted, <see cref="Name"/> split into words.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The activity's role; <see cref="ActivityKind.Action"/> unless it waits for something outside the workflow.</summary>
    public ActivityKind Kind { get; init; } = ActivityKind.Action;

    /// <summary>The type's version as its descriptor reports it; types are looked up by name alone, so it selects no implementation.</summary>
    public int Version { get; init; } = 1;

    /// <summary>
    /// False for activities whose side effects must not be repeated after a crash: if the process dies
    /// while one runs, the instance faults on restart instead of running it again.
    /// </summary>
    public bool SafeToRerun { get; init; } = true;
}

/// <summary>Declares the outcome ports of a flowchart activity; without it an activity has the single port <c>Done</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FlowNodeAttribute(params string[] outcomes) : Attribute
{
    /// <summary>The port names, in the order the designer draws them; connections leave the activity from one of them.</summary>
    public IReadOnlyList<string> Outcomes { get; } = outcomes;
}

/// <summary>Describes an input property (of type <see cref="Input{T}"/>) for the designer.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    /// <summary>The label in the property panel; when omitted, the property name split into words.</summary>
    public string? DisplayName { get; init; }
    /// <summary>Help text the property panel shows with the input.</summary>
    public string? Description { get; init; }
    /// <summary>Designer hint: <c>SingleLine</c>, <c>MultiLine</c>, <c>Dropdown</c>, <c>Checkbox</c>, <c>CodeEditor</c>, …</summary>
    public string? UIHint { get; init; }
    /// <summary>Choices for a dropdown.</summary>
    public string[]? Options { get; init; }
    /// <summary>
    /// What an <see cref="Input{T}"/> evaluates when the node does not bind it; the designer shows it too.
    /// Ignored for inputs that are not <see cref="Input{T}"/> (their JSON holds the value itself).
    /// </summary>
    public object? DefaultValue { get; init; }
    /// <summary>The syntax used for <see cref="DefaultValue"/> and new bindings (Literal by default).</summary>
    public string DefaultSyntax { get; init; } = "Literal";
    /// <summary>Groups the input under this heading in the property panel.</summary>
    public string? Category { get; init; }
    /// <summary>Position in the property panel, lowest first; the descriptor lists inputs in this order.</summary>
    public int Order { get; init; }
}

/// <summary>Describes an output property (of type <see cref="Output{T}"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    /// <summary>Not read yet: the descriptor names an output after its property, split into words.</summary>
    public string? DisplayName { get; init; }
    /// <summary>Help text the property panel shows with the output.</summary>
    public string? Description { get; init; }
}

/// <summary>Marks an activity the flowchart begins at (Elsa's <c>Start</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StartNodeAttribute : Attribute;

/// <summary>Marks an activity that ends the flow it is in (Elsa's <c>End</c>, <c>Finish</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TerminalNodeAttribute : Attribute;
