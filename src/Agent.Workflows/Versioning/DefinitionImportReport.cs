namespace Agent.Workflows.Versioning;

/// <summary>What happened to one imported definition.</summary>
public enum DefinitionImportOutcome
{
    /// <summary>Stored as a new version (or as a new definition).</summary>
    Imported,
    /// <summary>Not stored because the store already has this version or a newer one.</summary>
    Skipped,
    /// <summary>Not stored because the file could not be read or did not validate.</summary>
    Failed,
}

/// <summary>The outcome for one definition file or text, with the reason in words.</summary>
public sealed record DefinitionImportResult(string Source, string? DefinitionId, int? Version, DefinitionImportOutcome Outcome, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Outcome}: {Source} ({DefinitionId ?? "?"} v{Version?.ToString() ?? "?"}): {Reason}";
}

/// <summary>The outcome of importing a folder of definition files.</summary>
public sealed record DefinitionImportReport(IReadOnlyList<DefinitionImportResult> Results)
{
    /// <summary>Definitions stored.</summary>
    public IEnumerable<DefinitionImportResult> Imported => Results.Where(r => r.Outcome == DefinitionImportOutcome.Imported);

    /// <summary>Definitions left alone because the store had the same or a newer version.</summary>
    public IEnumerable<DefinitionImportResult> Skipped => Results.Where(r => r.Outcome == DefinitionImportOutcome.Skipped);

    /// <summary>Files that could not be read or did not validate.</summary>
    public IEnumerable<DefinitionImportResult> Failed => Results.Where(r => r.Outcome == DefinitionImportOutcome.Failed);
}

/// <summary>The version stored for a run; <see cref="SavedAsNewDraft"/> when the file differed from the stored version of its number.</summary>
public sealed record StoredForRun(Model.WorkflowDefinition Definition, bool SavedAsNewDraft);
