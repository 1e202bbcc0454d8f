using Agent.Activities.Safety.Oversight;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent hook pre-tool-use|post-tool-use [--target DIR] [--task-type T]</c>: a Claude Code hook command that decides
/// the tool call on stdin by the agent's policy and prints Claude Code's hook output. For your own Claude Code
/// settings; the agent's own runs use the faster <c>agent-hook</c> client and the in-process broker.
/// </summary>
public sealed class HookVerb : Verb
{
    private readonly Option<string?> _target = new("--target") { Description = "The repository whose agent.policy.yaml applies; default: the call's cwd." };
    private readonly Option<FileInfo?> _input = new("--input") { Description = "Read the hook JSON from this file instead of stdin (to try a call by hand)." };
    private readonly Option<string?> _taskType = new("--task-type") { Description = "The gap type being worked on (failing-test, build-error…), for rules that depend on it." };
    private readonly string _hookEvent;

    /// <summary>Creates the verb for <paramref name="hookEvent"/> (<see cref="HookEvents.PreToolUse"/> or <see cref="HookEvents.PostToolUse"/>).</summary>
    public HookVerb(CliContext context, string hookEvent)
        : base(context, HookEvents.ToArgument(hookEvent), hookEvent == HookEvents.PreToolUse
            ? "Decide the Claude Code tool call on stdin by the policy: prints nothing-to-object ({}) or a deny with the rule's reason."
            : "Record the Claude Code tool result on stdin (prints {}).")
    {
        _hookEvent = hookEvent;
        Command.Add(_target);
        Command.Add(_taskType);
        Command.Add(_input);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var request = parse.GetValue(_input) is { } file
            ? (file.Exists ? await File.ReadAllTextAsync(file.FullName, cancellationToken) : throw new CliUsageException($"--input '{file.FullName}' does not exist; give the file with the hook JSON, or pipe it on stdin."))
            : await System.Console.In.ReadToEndAsync(cancellationToken);
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var answer = await session.Get<StandaloneHook>().AnswerAsync(_hookEvent, request, parse.GetValue(_target), parse.GetValue(_taskType), cancellationToken);
        Console.WriteLine(answer.Json);
        return ExitCodes.Success;
    }
}
