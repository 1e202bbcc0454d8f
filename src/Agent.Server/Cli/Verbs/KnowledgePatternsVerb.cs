using Agent.Activities.Learning.Patterns;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent knowledge patterns [--task-type T] [--json]</c>: mined patterns and anti-patterns.</summary>
public sealed class KnowledgePatternsVerb : Verb
{
    private readonly Option<string?> _taskType = new("--task-type") { Description = "Only patterns of this task type." };
    private readonly Option<bool> _json = CommonOptions.Json("the patterns");

    /// <summary>Creates the verb.</summary>
    public KnowledgePatternsVerb(CliContext context) : base(context, "patterns", "Mined patterns: task type × approach → successes, failures, mean improvement, anti-pattern.")
    {
        Command.Add(_taskType);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var patterns = await session.Get<PatternMiner>().ListAsync(parse.GetValue(_taskType), cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(patterns);
        else new KnowledgeRenderer(Console).WritePatterns(patterns);
        return ExitCodes.Success;
    }
}
