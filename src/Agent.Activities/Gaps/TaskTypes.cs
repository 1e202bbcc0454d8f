namespace Agent.Activities.Gaps;

/// <summary>The kinds of work a gap turns into; each has a prompt template <c>prompts/{type}.md</c>.</summary>
public static class TaskTypes
{
    /// <summary>Make a failing build succeed.</summary>
    public const string FixBuild = "fix-build";

    /// <summary>Make a failing test pass by fixing the code under test.</summary>
    public const string FixFailingTest = "fix-failing-test";

    /// <summary>Add tests (coverage, test count).</summary>
    public const string AddTests = "add-tests";

    /// <summary>Add XML docs to public API.</summary>
    public const string DocumentApi = "document-api";

    /// <summary>Remove a build warning.</summary>
    public const string RemoveWarning = "remove-warning";

    /// <summary>Resolve TODO/FIXME markers.</summary>
    public const string RemoveTodo = "remove-todo";

    /// <summary>Update outdated or vulnerable packages.</summary>
    public const string UpdateDependency = "update-dependency";

    /// <summary>Every task type.</summary>
    public static IReadOnlyList<string> All { get; } = [FixBuild, FixFailingTest, AddTests, DocumentApi, RemoveWarning, RemoveTodo, UpdateDependency];
}
