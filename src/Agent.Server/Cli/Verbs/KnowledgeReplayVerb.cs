using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent knowledge replay [--task TEXT --task-type T --goal G] [--error TEXT]… [--json]</c>: with a task, the context block
/// the prompt would get; without, the past failures proposed again because new knowledge exists for them.
/// </summary>
public sealed class KnowledgeReplayVerb : Verb
{
    private readonly Option<string?> _task = new("--task") { Description = "A task description: print the context block a prompt for it would get." };
    private readonly Option<string> _taskType = new("--task-type") { Description = "The task's type.", DefaultValueFactory = _ => "general" };
    private readonly Option<string> _goal = new("--goal") { Description = "The task's goal.", DefaultValueFactory = _ => "" };
    private readonly Option<string?> _repository = new("--repository") { Description = "The task's repository (its full path): knowledge from elsewhere counts only through the same error." };
    private readonly Option<string[]> _errors = new("--error") { Description = "An error the task currently shows (repeatable).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _json = CommonOptions.Json("the context or the proposals");

    /// <summary>Creates the verb.</summary>
    public KnowledgeReplayVerb(CliContext context) : base(context, "replay", "Experience replay: the prompt context for a task (--task), or past failures proposed again as gaps.")
    {
        Command.Add(_task);
        Command.Add(_taskType);
        Command.Add(_goal);
        Command.Add(_repository);
        Command.Add(_errors);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var learning = session.Get<ILearningService>();
        if (parse.GetValue(_task) is { } description)
        {
            if (string.IsNullOrWhiteSpace(description)) throw new CliUsageException("--task is empty; describe the task to build the context for.");
            var errors = (parse.GetValue(_errors) ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => new ErrorObservation(e, "cli")).ToList();
            var context = await learning.GetTaskContextAsync(new LearningTask(parse.GetValue(_goal) ?? "", parse.GetValue(_taskType) ?? "general", description,
                Repository: parse.GetValue(_repository) is { Length: > 0 } repository ? Path.GetFullPath(repository) : null), errors, cancellationToken);
            if (parse.GetValue(_json)) Console.WriteJson(new { context.PromptBlock, context.OfferedSolutionIds, errorMatches = context.ErrorMatches.Count, experiences = context.Experiences.Count });
            else Console.WriteLine(context.PromptBlock.Length == 0 ? "Nothing known yet for this task." : context.PromptBlock.TrimEnd());
            return ExitCodes.Success;
        }
        var proposals = await learning.ProposeReplaysAsync(cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(proposals);
        else new KnowledgeRenderer(Console).WriteProposals(proposals);
        return ExitCodes.Success;
    }
}
