using Agent.Activities.SelfModification.CodeFixes;

namespace Agent.Activities.Planning;

/// <summary>How the planned tasks should run.</summary>
public static class ExecutionModes
{
    /// <summary>One task, one ClaudeExecute run.</summary>
    public const string Simple = "simple";

    /// <summary>Several independent tasks (distinct files) in one parallel ClaudeExecute.</summary>
    public const string Parallel = "parallel";

    /// <summary>A long task, run as a Claude job (claude_run_async) and awaited.</summary>
    public const string Async = "async";

    /// <summary>
    /// One warning with a known fix (<see cref="TaskPlan.Fix"/>), applied as a Roslyn syntax edit by ApplyKnownFix; no
    /// model is asked. The prompt is still planned, so a definition may route the task to Claude Code instead.
    /// </summary>
    public const string Deterministic = "deterministic";
}

/// <summary>One task for Claude Code.</summary>
/// <param name="GapKey">The gap it closes.</param>
/// <param name="Title">A one-line title.</param>
/// <param name="Prompt">The rendered prompt.</param>
/// <param name="AcceptanceCriteria">What Validate checks to accept it.</param>
/// <param name="Files">The files it is expected to touch (from research), relative to the target root.</param>
public sealed record PlannedTask(string GapKey, string Title, string Prompt, IReadOnlyList<string> AcceptanceCriteria, IReadOnlyList<string> Files);

/// <summary>The plan for one cycle: tasks of one type and how to run them.</summary>
/// <param name="TaskType">The task type (template).</param>
/// <param name="Mode">One of <see cref="ExecutionModes"/>.</param>
/// <param name="Tasks">One task (simple, async) or several (parallel).</param>
/// <param name="TemplateFile">The template used, relative to the repository root when inside it.</param>
/// <param name="TemplateSha256">The template text's SHA-256, so an experience can name the template version it used.</param>
/// <param name="Fix">The known fix of <see cref="ExecutionModes.Deterministic"/> mode: the diagnostic to remove; null in other modes.</param>
public sealed record TaskPlan(string TaskType, string Mode, IReadOnlyList<PlannedTask> Tasks, string TemplateFile, string TemplateSha256, CodeFixTarget? Fix = null)
{
    /// <summary>The first task's prompt (simple and async mode).</summary>
    public string Prompt => Tasks[0].Prompt;

    /// <summary>Every task's prompt (parallel mode).</summary>
    public IReadOnlyList<string> Prompts => [.. Tasks.Select(t => t.Prompt)];
}
