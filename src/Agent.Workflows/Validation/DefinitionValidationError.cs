namespace Agent.Workflows.Validation;

/// <summary>One problem in a definition, located by its JSON path (e.g. <c>$.root.activities[2].type</c>).</summary>
public sealed record DefinitionValidationError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A definition that cannot be stored or run; <see cref="Errors"/> lists every problem found.</summary>
public sealed class InvalidDefinitionException(string? definitionId, IReadOnlyList<DefinitionValidationError> errors)
    : Exception(FormatMessage(definitionId, errors))
{
    /// <summary>Every problem, each with its JSON path.</summary>
    public IReadOnlyList<DefinitionValidationError> Errors { get; } = errors;

    private static string FormatMessage(string? id, IReadOnlyList<DefinitionValidationError> errors) =>
        $"Workflow definition{(string.IsNullOrEmpty(id) ? "" : $" '{id}'")} is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}); nothing was stored:"
        + string.Concat(errors.Select(e => $"{Environment.NewLine}  - {e}"));
}
