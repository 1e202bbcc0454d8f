using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Validation;
using Agent.Workflows.Versioning;

namespace Agent.Server.Cli;

/// <summary>The definition version <c>agent run</c> starts, and a note for the user when the choice is not obvious.</summary>
public sealed record RunTarget(WorkflowDefinition Definition, string? Note);

/// <summary>
/// Turns the argument of <c>agent run</c> into a stored definition version. A file is parsed, validated and
/// stored (so its instances can be resumed later) before it runs; an id selects the published version, or the
/// latest when none is published.
/// </summary>
public sealed class RunTargetResolver(WorkflowDefinitionService definitions)
{
    /// <summary>Resolves a definition id or a path to a definition file.</summary>
    /// <exception cref="InvalidDefinitionException">The file is not JSON or not a definition; nothing was stored.</exception>
    /// <exception cref="WorkflowDefinitionException">The id is unknown, or the file does not validate (nothing was stored).</exception>
    public Task<RunTarget> ResolveAsync(string argument, CancellationToken cancellationToken) =>
        IsFile(argument) ? FromFileAsync(argument, cancellationToken) : FromIdAsync(argument, cancellationToken);

    private static bool IsFile(string argument) =>
        argument.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(argument)
        || argument.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private async Task<RunTarget> FromIdAsync(string definitionId, CancellationToken cancellationToken)
    {
        var definition = await definitions.GetAsync(definitionId, VersionOptions.LatestOrPublished, cancellationToken);
        var note = definition.IsPublished ? null
            : $"'{definitionId}' has no published version; running its latest version {definition.Version} (a draft).";
        return new RunTarget(definition, note);
    }

    private async Task<RunTarget> FromFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"File '{path}' does not exist.", path);
        var stored = await definitions.StoreForRunAsync(await File.ReadAllTextAsync(path, cancellationToken), path, cancellationToken);
        var d = stored.Definition;
        return new RunTarget(d, stored.SavedAsNewDraft
            ? $"{path} differs from the stored version of '{d.DefinitionId}' with the same number; stored it as version {d.Version} (a draft) and running that."
            : null);
    }
}
