using Agent.Activities.Safety.Decisions;
using Agent.Activities.SelfModification;
using Agent.Activities.Tests.SelfModification;

namespace Agent.Activities.Tests.Safety.Decisions;

/// <summary>A real git repository with a base commit; the test edits its files, and <see cref="SubjectAsync"/> reads the real diff.</summary>
internal sealed class ChangedRepository : IDisposable
{
    private readonly string _base;

    public ChangedRepository(params (string Path, string Content)[] baseFiles)
    {
        foreach (var (path, content) in baseFiles) Repo.Write(path, content);
        Repo.Git("add", "-A");
        Repo.Git("commit", "-q", "--allow-empty", "-m", "base");
        _base = Repo.Git("rev-parse", "HEAD");
    }

    public TempGitRepository Repo { get; } = new();

    public string Root => Repo.Path_;

    public void Write(string path, string content) => Repo.Write(path, content);

    public TaskWorktree Worktree => new() { TaskId = "task-1", TargetRepository = Root, Path = Root, Branch = "agent/task-1", TargetBranch = "main", BaseCommit = _base };

    public async Task<DecisionSubject> SubjectAsync(string kind = DecisionKinds.Merge) => new()
    {
        Kind = kind, CycleId = "cycle-1", Subject = "fix-failing-test:CalcTests", TargetRepository = Root, WorktreePath = Root,
        Diff = await Repo.Diffs.ReadAsync(Worktree),
    };

    public void Dispose() => Repo.Dispose();
}

/// <summary>Keeps what was published, as the audit would.</summary>
internal sealed class RecordingSink : Agent.Activities.Safety.Events.ISafetyEventSink
{
    public List<Agent.Activities.Safety.Events.SafetyEvent> Events { get; } = [];

    public Task PublishAsync(Agent.Activities.Safety.Events.SafetyEvent safetyEvent, CancellationToken cancellationToken)
    {
        lock (Events) Events.Add(safetyEvent);
        return Task.CompletedTask;
    }
}
