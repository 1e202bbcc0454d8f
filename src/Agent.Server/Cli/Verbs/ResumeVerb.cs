using Agent.Server.Cli.Rendering;
using Agent.Workflows.Execution;
using Agent.Workflows.Runtime;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent resume &lt;bookmark-id&gt; [--input k=v ...] [--json]</c> and
/// <c>agent resume --name &lt;event&gt; [--correlation-id X] [--input k=v ...] [--json]</c>.
/// </summary>
public sealed class ResumeVerb : Verb
{
    private readonly Argument<string?> _bookmarkId = new("bookmark-id")
    {
        Description = "The bookmark to resume (see 'agent instances show <id>').", Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Option<string?> _name = new("--name") { Description = "Resume every bookmark with this name (an event name) instead." };
    private readonly Option<string?> _correlationId = CommonOptions.CorrelationId("With --name: only bookmarks with this correlation id.");
    private readonly Option<string[]> _input = CommonOptions.Input();
    private readonly Option<bool> _json = CommonOptions.Json("the resumed instance (an array with --name)");

    /// <summary>Creates the verb.</summary>
    public ResumeVerb(CliContext context) : base(context, "resume", "Resume a waiting instance by bookmark id, or every bookmark with an event name.")
    {
        Command.Add(_bookmarkId);
        Command.Add(_name);
        Command.Add(_correlationId);
        Command.Add(_input);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var (bookmarkId, name, correlationId) = (parse.GetValue(_bookmarkId), parse.GetValue(_name), parse.GetValue(_correlationId));
        if ((bookmarkId is null) == (name is null))
            throw new CliUsageException("Give either a bookmark id or --name <event>, not both and not neither.");
        if (bookmarkId is not null && correlationId is not null)
            throw new CliUsageException("--correlation-id selects bookmarks by name; use it with --name.");
        var input = InputArguments.Parse(parse.GetValue(_input));
        var json = parse.GetValue(_json);

        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var runtime = session.Get<WorkflowRuntime>();
        IReadOnlyList<WorkflowInstance> resumed;
        using (json ? null : LiveOutput.Attach(runtime, Console))
        {
            resumed = bookmarkId is not null
                ? [await runtime.ResumeAsync(bookmarkId, input, cancellationToken)]
                : await runtime.ResumeByNameAsync(name!, correlationId, input, cancellationToken);
        }
        if (resumed.Count == 0)
            throw new CliUsageException($"No bookmark named '{name}'{(correlationId is null ? "" : $" with correlation id '{correlationId}'")} is waiting.");
        if (json)
        {
            if (bookmarkId is not null) Console.WriteJson(InstanceResultJson.From(resumed[0]));
            else Console.WriteJson(resumed.Select(InstanceResultJson.From).ToList());
        }
        else
        {
            var renderer = new InstanceRenderer(Console);
            foreach (var instance in resumed) renderer.WriteResult(instance);
        }
        return InstanceOutcome.ExitCode(resumed);
    }
}
