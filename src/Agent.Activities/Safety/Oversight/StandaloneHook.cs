using Agent.Activities.Safety.Policy;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Oversight;

/// <summary>
/// Answers one hook call without a broker, for people who add the agent's policy to their own Claude Code settings
/// (<c>agent hook pre-tool-use --target DIR</c>): loads the policy of the target (or of the call's cwd), decides like an
/// overseen run does, and returns what to print. The worktree is the call's <c>cwd</c>.
/// </summary>
public sealed class StandaloneHook(IPolicyProvider policies, ToolCallDecider decider, IOptions<ValidationOptions>? validation = null, TimeProvider? clock = null)
{
    /// <summary>The hook output for <paramref name="requestJson"/>; a malformed policy denies the call with its message.</summary>
    public async Task<HookAnswer> AnswerAsync(string hookEvent, string requestJson, string? targetRoot, string? taskType, CancellationToken cancellationToken)
    {
        HookInput input;
        try
        {
            input = HookInput.Parse(requestJson);
        }
        catch (HookInputException e)
        {
            return new HookAnswer(hookEvent == HookEvents.PreToolUse ? HookAnswer.DenyJson($"{e.Message} The call is refused.") : HookAnswer.NoObjection, null);
        }
        var target = Path.GetFullPath(targetRoot ?? input.Cwd);
        IPolicyEvaluator evaluator;
        try
        {
            evaluator = await policies.LoadAsync(target, cancellationToken);
        }
        catch (PolicyFileException e)
        {
            // No policy, no tool call: the message names the file and line to fix.
            return new HookAnswer(hookEvent == HookEvents.PreToolUse ? HookAnswer.DenyJson($"Denied: the policy cannot be loaded: {e.Message}") : HookAnswer.NoObjection, null);
        }
        var context = new PolicyContext((clock ?? TimeProvider.System).GetUtcNow(), Path.GetFullPath(input.Cwd), target,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), taskType, validation?.Value.ProtectedPaths ?? []);
        return await decider.AnswerAsync(hookEvent, requestJson, new RunOversight(evaluator, context, $"standalone-{input.SessionId ?? "unknown"}"), cancellationToken);
    }
}
