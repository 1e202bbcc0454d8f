using Agent.Activities.Cycle;
using Agent.Activities.Gaps;
using Agent.Activities.Research;

namespace Agent.Activities.Planning;

/// <summary>Turns a researched gap into tasks with prompts and acceptance criteria (<see cref="PlanService"/>).</summary>
[Activity("Agent", "Improvement cycle", "Turns a researched gap into tasks: a prompt from the task type's template, acceptance criteria and an execution mode (deterministic when a known fix applies).", DisplayName = "Plan")]
public sealed class Plan : IActivity
{
    /// <summary>The gap.</summary>
    [Input(Description = "A gap from FindGaps.", Order = 0)]
    [Required]
    public Input<Gap> Gap { get; set; } = null!;

    /// <summary>Its research.</summary>
    [Input(Description = "The context from Research.", Order = 1)]
    [Required]
    public Input<ResearchContext> Research { get; set; } = null!;

    /// <summary>The plan.</summary>
    [Output(Description = "taskType, mode, tasks [{gapKey, title, prompt, acceptanceCriteria, files}], templateFile, templateSha256, prompt, prompts, fix (deterministic mode: diagnosticId, file, line, message; else null).")]
    public Output<object> Result { get; set; } = null!;

    /// <summary>The first task's prompt (for ClaudeExecute's prompt).</summary>
    [Output(Description = "The first task's prompt (ClaudeExecute 'prompt').")]
    public Output<string> Prompt { get; set; } = null!;

    /// <summary>Every prompt (for ClaudeExecute's prompts in parallel mode).</summary>
    [Output(Description = "Every task's prompt (ClaudeExecute 'prompts').")]
    public Output<List<string>> Prompts { get; set; } = null!;

    /// <summary>simple, parallel, async or deterministic.</summary>
    [Output(Description = "simple, parallel, async, or deterministic (a known fix: route to ApplyKnownFix instead of ClaudeExecute).")]
    public Output<string> Mode { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var gap = context.Require(Gap, "FindGaps' topGap");
        var research = context.Require(Research, "Research's context");
        TaskPlan plan;
        try
        {
            plan = await context.GetRequiredService<PlanService>().PlanAsync([new PlanInput(gap, research)], context.CancellationToken);
        }
        catch (PromptTemplateException e)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "cycle-invalid-template");
        }
        context.Set(Result, new Dictionary<string, object?>
        {
            ["taskType"] = plan.TaskType,
            ["mode"] = plan.Mode,
            ["tasks"] = plan.Tasks,
            ["templateFile"] = plan.TemplateFile,
            ["templateSha256"] = plan.TemplateSha256,
            ["prompt"] = plan.Prompt,
            ["prompts"] = plan.Prompts,
            ["fix"] = plan.Fix,
        });
        context.Set(Prompt, plan.Prompt);
        context.Set(Prompts, plan.Prompts.ToList());
        context.Set(Mode, plan.Mode);
        context.Complete();
    }
}
