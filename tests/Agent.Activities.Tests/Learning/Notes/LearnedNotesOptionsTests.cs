using Agent.Activities.Learning.Notes;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Learning.Notes;

[TestClass]
public sealed class LearnedNotesOptionsTests
{
    private static IReadOnlyList<string> Errors(LearnedNotesOptions notes, ValidationOptions? validation = null) =>
        new LearnedNotesOptionsValidator(Options.Create(validation ?? new ValidationOptions())).Validate(null, notes).Failures?.ToList() ?? [];

    [TestMethod]
    public void The_defaults_are_valid()
    {
        Assert.IsEmpty(Errors(new LearnedNotesOptions()));
    }

    [TestMethod]
    [DataRow("/etc/CLAUDE.md", "must be a plain path inside the repository")]
    [DataRow("../CLAUDE.md", "must be a plain path inside the repository")]
    [DataRow(" ", "is empty")]
    public void A_file_outside_the_repository_is_refused(string fileName, string expected)
    {
        StringAssert.Contains(Errors(new LearnedNotesOptions { FileName = fileName }).Single(), expected);
    }

    [TestMethod]
    public void Max_items_out_of_range_is_refused()
    {
        StringAssert.Contains(Errors(new LearnedNotesOptions { MaxItems = 0 }).Single(), "Learning:Notes:MaxItems is 0");
    }

    [TestMethod]
    public void A_protected_notes_file_is_refused_unless_the_notes_are_off()
    {
        var validation = new ValidationOptions { ProtectedPaths = ["*.md"] };

        StringAssert.Contains(Errors(new LearnedNotesOptions(), validation).Single(), "matches the protected path '*.md'");
        Assert.IsEmpty(Errors(new LearnedNotesOptions { Enabled = false }, validation));
    }

    [TestMethod]
    public async Task The_notes_file_does_not_count_towards_the_large_diff_but_other_files_do()
    {
        // The validation options as the notes' registration leaves them (it adds the notes file to the exempt paths).
        await using var kb = new NotesKnowledge();
        var risk = new RiskAssessor(kb.Get<IOptions<ValidationOptions>>());
        var notes = new FileChange("CLAUDE.md", null, FileChangeKind.Added, 40, 0, false);
        var fix = new FileChange("src/Calc.cs", null, FileChangeKind.Modified, 280, 0, false);

        Assert.IsFalse(risk.Assess(new WorktreeDiff([fix, notes], ""), "/repos/target").NeedsApproval, "280 lines of fix plus the notes stay under 300");
        var big = risk.Assess(new WorktreeDiff([fix with { LinesAdded = 301 }, notes], ""), "/repos/target");
        CollectionAssert.AreEqual(new[] { "large diff: 301 lines changed, more than 300 (Validation:LargeDiffLines)." }, big.Reasons.ToList());
    }
}
