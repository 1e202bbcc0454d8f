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

    /// <summary>Give the agent a capability it lacks (capability discovery's gaps; emitted only with Discovery:EmitCapabilityGaps).</summary>
    public const string AddCapability = "add-capability";

    /// <summary>
    /// A short, imperative commit title for a task of <paramref name="taskType"/> on <paramref name="subject"/>: a test's
    /// method name, a file or a metric (e.g. <c>Fix failing test Max_returns_the_larger_value</c>).
    /// </summary>
    public static string Title(string taskType, string subject)
    {
        // Test names arrive fully qualified; the method name is what a reader of the log recognises.
        var shortSubject = taskType == FixFailingTest && !subject.Contains(' ') ? subject[(subject.LastIndexOf('.') + 1)..] : subject;
        var verb = taskType switch
        {
            FixBuild => "Fix the build",
            FixFailingTest => "Fix failing test",
            AddTests => "Add tests for",
            DocumentApi => "Document the public API of",
            RemoveWarning => "Remove warning",
            RemoveTodo => "Resolve the TODO/FIXME markers in",
            UpdateDependency => "Update dependencies for",
            AddCapability => "Add the capability",
            _ => taskType,
        };
        return shortSubject.Length == 0 ? verb : $"{verb} {shortSubject}";
    }

    /// <summary>Every task type.</summary>
    public static IReadOnlyList<string> All { get; } = [FixBuild, FixFailingTest, AddTests, DocumentApi, RemoveWarning, RemoveTodo, UpdateDependency, AddCapability];
}
