namespace Agent.Workflows.Activities;

/// <summary>What role an activity plays, as Elsa names it.</summary>
public enum ActivityKind { Action, Trigger, Task, Job }

/// <summary>
/// Declares a class as an activity. The type name is <c>{Namespace}.{Name}</c> (e.g. <c>Elsa.WriteLine</c>);
/// when <see cref="Name"/> is omitted the class name is used.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string category, string description) : Attribute
{
    public string Namespace { get; } = @namespace;
    public string Category { get; } = category;
    public string Description { get; } = description;
    public string? Name { get; init; }
    public string? DisplayName { get; init; }
    public ActivityKind Kind { get; init; } = ActivityKind.Action;
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
    public IReadOnlyList<string> Outcomes { get; } = outcomes;
}

/// <summary>Describes an input property (of type <see cref="Input{T}"/>) for the designer.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    /// <summary>Designer hint: <c>SingleLine</c>, <c>MultiLine</c>, <c>Dropdown</c>, <c>Checkbox</c>, <c>CodeEditor</c>, …</summary>
    public string? UIHint { get; init; }
    /// <summary>Choices for a dropdown.</summary>
    public string[]? Options { get; init; }
    public object? DefaultValue { get; init; }
    /// <summary>The syntax used for <see cref="DefaultValue"/> and new bindings (Literal by default).</summary>
    public string DefaultSyntax { get; init; } = "Literal";
    public string? Category { get; init; }
    public int Order { get; init; }
}

/// <summary>Describes an output property (of type <see cref="Output{T}"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
}

/// <summary>Marks an activity the flowchart begins at (Elsa's <c>Start</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StartNodeAttribute : Attribute;

/// <summary>Marks an activity that ends the flow it is in (Elsa's <c>End</c>, <c>Finish</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TerminalNodeAttribute : Attribute;
