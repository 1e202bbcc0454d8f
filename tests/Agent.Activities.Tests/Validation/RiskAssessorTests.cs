using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Validation;

[TestClass]
public sealed class RiskAssessorTests
{
    private static FileChange File_(string path, int lines, FileChangeKind kind = FileChangeKind.Modified) => new(path, null, kind, lines, 0, false);

    [TestMethod]
    public void A_small_change_to_source_is_low_risk()
    {
        var risk = new RiskAssessor(Options.Create(new ValidationOptions())).Assess(new WorktreeDiff([File_("src/Calc.cs", 5)], ""), "/repos/target");
        Assert.IsFalse(risk.NeedsApproval);
        Assert.AreEqual("low", risk.Level);
    }

    [TestMethod]
    public void Size_sensitive_paths_deletions_and_the_agent_s_own_repository_each_need_approval()
    {
        var options = new ValidationOptions { LargeDiffLines = 100, LargeDiffFiles = 2, AgentRepository = "/repos/agent" };
        var diff = new WorktreeDiff([File_("src/A.cs", 90), File_("src/App/App.csproj", 5), File_("docs/old.md", 10, FileChangeKind.Deleted)], "");

        var risk = new RiskAssessor(Options.Create(options)).Assess(diff, "/repos/agent/");

        Assert.AreEqual("high", risk.Level);
        CollectionAssert.AreEqual(new[]
        {
            "large diff: 105 lines changed, more than 100 (Validation:LargeDiffLines).",
            "large diff: 3 files changed, more than 2 (Validation:LargeDiffFiles).",
            "sensitive path 'src/App/App.csproj' (matches '**/*.csproj').",
            "deletes 'docs/old.md'.",
            "the target is the agent's own repository.",
        }, risk.Reasons.ToList());
        options.SelfTargetNeedsApproval = false;
        Assert.IsFalse(new RiskAssessor(Options.Create(options)).Assess(new WorktreeDiff([File_("src/A.cs", 1)], ""), "/repos/agent").NeedsApproval);
    }
}
