namespace Agent.Activities.Assessment;

/// <summary>One way to name a test everywhere (snapshots, gaps, gates): qualified by its class where the runner gives one.</summary>
public static class TestNames
{
    /// <summary><c>Class.Name</c>, or <paramref name="name"/> alone when there is no class or the name already starts with it.</summary>
    public static string Qualify(string name, string? className)
    {
        ArgumentNullException.ThrowIfNull(name);
        return className is { Length: > 0 } c && !name.StartsWith(c, StringComparison.Ordinal) ? $"{c}.{name}" : name;
    }

    /// <summary>The qualified name of a failing test.</summary>
    public static string Of(FailingTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return Qualify(test.Name, test.ClassName);
    }
}
