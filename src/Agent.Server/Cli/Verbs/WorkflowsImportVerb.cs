using Agent.Server.Cli.Rendering;
using Agent.Workflows.Versioning;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent workflows import &lt;file | folder&gt; [--json]</c>.</summary>
public sealed class WorkflowsImportVerb : Verb
{
    private readonly Argument<string> _path = new("path") { Description = "A definition JSON file, or a folder whose *.json files are imported." };
    private readonly Option<bool> _json = CommonOptions.Json("the outcome per file");

    /// <summary>Creates the verb.</summary>
    public WorkflowsImportVerb(CliContext context)
        : base(context, "import", "Import definitions; a file's version is stored when it is newer than every stored version, otherwise skipped.")
    {
        Command.Add(_path);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var path = parse.GetRequiredValue(_path);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new CliUsageException($"'{path}' is neither a file nor a folder.");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var definitions = session.Get<WorkflowDefinitionService>();
        IReadOnlyList<DefinitionImportResult> results = Directory.Exists(path)
            ? (await definitions.ImportDirectoryAsync(path, cancellationToken)).Results
            : [await ImportFileAsync(definitions, path, cancellationToken)];
        if (parse.GetValue(_json)) Console.WriteJson(results);
        else new ImportRenderer(Console).Write(results);
        return results.Any(r => r.Outcome == DefinitionImportOutcome.Failed) ? ExitCodes.BadInput : ExitCodes.Success;
    }

    private static async Task<DefinitionImportResult> ImportFileAsync(WorkflowDefinitionService definitions, string path, CancellationToken cancellationToken)
    {
        var result = await definitions.ImportAsync(await File.ReadAllTextAsync(path, cancellationToken), cancellationToken);
        return result with { Source = path };
    }
}
