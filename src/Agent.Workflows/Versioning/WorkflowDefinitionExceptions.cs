
namespace Agent.Workflows.Versioning;

/// <summary>Base of the errors raised by <see cref="WorkflowDefinitionService"/>; nothing was stored when one is thrown.</summary>
public abstract class WorkflowDefinitionException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>No definition with this definition id exists.</summary>
public sealed class WorkflowDefinitionNotFoundException(string definitionId)
    : WorkflowDefinitionException($"Workflow definition '{definitionId}' does not exist.")
{
    /// <summary>The definition id that was asked for.</summary>
    public string DefinitionId { get; } = definitionId;
}

/// <summary>The definition exists but has no version with this number.</summary>
public sealed class VersionNotFoundException(string definitionId, int version, IReadOnlyList<int> existingVersions)
    : WorkflowDefinitionException(
        $"Workflow definition '{definitionId}' has no version {version}. Existing versions: {string.Join(", ", existingVersions)}.")
{
    /// <summary>The definition id that was asked for.</summary>
    public string DefinitionId { get; } = definitionId;

    /// <summary>The version number that does not exist.</summary>
    public int Version { get; } = version;

    /// <summary>The version numbers that do exist, ascending.</summary>
    public IReadOnlyList<int> ExistingVersions { get; } = existingVersions;
}

/// <summary>The operation does not apply to the definition as it stands (e.g. deleting a draft when the latest version is published).</summary>
public sealed class WorkflowDefinitionStateException(string message) : WorkflowDefinitionException(message);

/// <summary>A definition file or text could not be read as a workflow definition.</summary>
public sealed class WorkflowDefinitionImportException(string source, string reason, Exception? innerException = null)
    : WorkflowDefinitionException($"Could not import a workflow definition from {source}: {reason}", innerException)
{
    /// <summary>Where the definition came from: a file path, or a description of the input.</summary>
    public string InputName { get; } = source;

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; } = reason;
}

