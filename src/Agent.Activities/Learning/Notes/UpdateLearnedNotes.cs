using Agent.Activities.Learning.Persistence;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Learning.Notes;

/// <summary>
/// Writes what the agent learned into the notes file (<c>CLAUDE.md</c>) of the task's worktree (<see cref="LearnedNotesService"/>),
/// after Claude Code's run and before validation: the notes then pass the same gates as the change, show in the approval's
/// diff, land in the same commit when the change is kept and vanish with the worktree when it is not. A worktree without
/// any change gets no notes (they never make a change on their own). A notes file with broken markers is left alone (the
/// line says why) and the cycle goes on: the change is still worth validating.
/// </summary>
[Activity("Agent", "Learning", "Writes the agent's learned notes (errors with fixes, approaches to avoid, approaches that work) into CLAUDE.md in the task's worktree.", DisplayName = "Update Learned Notes")]
public sealed class UpdateLearnedNotes : IActivity
{
    /// <summary>The worktree.</summary>
    [Input(Description = "The task's worktree (the output of CreateWorktree); the notes are written there, never into the target itself.", Order = 0)]
    [Required]
    public Input<TaskWorktree> Worktree { get; set; } = null!;

    /// <summary>Whether the notes file changed.</summary>
    [Output(Description = "true when the notes file in the worktree changed.")]
    public Output<bool> Changed { get; set; } = null!;

    /// <summary>The notes file.</summary>
    [Output(Description = "The notes file's path in the worktree.")]
    public Output<string> File { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = context.Require(Worktree, "CreateWorktree's worktree");
        var service = context.GetRequiredService<LearnedNotesService>();
        LearnedNotesUpdate update;
        try
        {
            // The notes ride along with a change; alone they would turn a run that changed nothing into a commit.
            update = await context.GetRequiredService<GitRepository>().HasChangesSinceAsync(worktree.Path, worktree.BaseCommit, context.CancellationToken)
                ? await service.UpdateAsync(worktree.Path, worktree.TargetRepository, context.CancellationToken)
                : new LearnedNotesUpdate(false, "", 0, "the worktree has no change, and notes only travel with one");
        }
        catch (LearnedNotesFileException e)
        {
            update = new LearnedNotesUpdate(false, "", 0, e.Message);
        }
        catch (Exception e) when (e is KnowledgeStoreException or DirectoryNotFoundException or GitCommandException)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", ActivityInputs.InvalidInputCode);
        }
        context.Set(Changed, update.Changed);
        context.Set(File, update.FilePath);
        context.WriteLine(update switch
        {
            { Skipped: { } why } => $"notes: not updated: {why}",
            { Changed: true } => $"notes: {Path.GetFileName(update.FilePath)} updated ({update.Items} item(s))",
            { Items: 0 } => "notes: nothing learned yet, no notes written",
            _ => $"notes: {Path.GetFileName(update.FilePath)} already up to date ({update.Items} item(s))",
        });
        context.Complete();
    }
}
