using Agent.Workflows.Model;
using Agent.Workflows.Versioning;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent workflows export &lt;id&gt; [--version N] [--out file]</c>.</summary>
public sealed class WorkflowsExportVerb : Verb
{
    private readonly Argument<string> _id = new("definition-id") { Description = "The definition id." };
    private readonly Option<int?> _version = CommonOptions.Version("The version to export (default: the latest).");
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Write to this file instead of stdout." };

    /// <summary>Creates the verb.</summary>
    public WorkflowsExportVerb(CliContext context) : base(context, "export", "Write a definition version as Elsa 3 JSON (importable by Elsa Studio and 'agent workflows import').")
    {
        Command.Add(_id);
        Command.Add(_version);
        Command.Add(_out);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var definition = await session.Get<WorkflowDefinitionService>().GetAsync(
            parse.GetRequiredValue(_id), VersionSelection.From(parse.GetValue(_version)), cancellationToken);
        var json = WorkflowDefinitionReader.Write(definition);
        if (parse.GetValue(_out) is not { Length: > 0 } path)
        {
            Console.WriteLine(json);
            return ExitCodes.Success;
        }
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { } directory) Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(full, json + Environment.NewLine, cancellationToken);
        Console.Output.MarkupLine($"Exported {Markup.Escape(definition.DefinitionId)} version {definition.Version} to {Markup.Escape(path)}.");
        return ExitCodes.Success;
    }
}
