using Agent.Workflows.Versioning;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent workflows publish &lt;id&gt;</c>.</summary>
public sealed class WorkflowsPublishVerb : Verb
{
    private readonly Argument<string> _id = new("definition-id") { Description = "The definition id." };

    /// <summary>Creates the verb.</summary>
    public WorkflowsPublishVerb(CliContext context) : base(context, "publish", "Publish the latest version of a definition; 'agent run <id>' runs the published version.")
    {
        Command.Add(_id);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var published = await session.Get<WorkflowDefinitionService>().PublishAsync(parse.GetRequiredValue(_id), cancellationToken);
        Console.Output.MarkupLine($"Published [bold]{Markup.Escape(published.DefinitionId)}[/] version {published.Version}.");
        return ExitCodes.Success;
    }
}
