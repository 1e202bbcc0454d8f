using Agent.Activities.Assessment;
using Agent.Activities.Tests.Cycle;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Assessment;

/// <summary>
/// A project the test writes into a fresh git repository under the system temp folder (outside the agent's own
/// global.json), measured by the real <see cref="AssessmentService"/> with every runner and the dependency installers.
/// </summary>
internal sealed class TargetProject : IDisposable
{
    /// <summary>
    /// Where the tests' installations are cached: one folder for every test run on this machine, so the npm packages and
    /// virtual environments of a runner are installed once and reused (the installer's own content-keyed cache and lock).
    /// </summary>
    public static string DependencyCache { get; } = Path.Combine(Path.GetTempPath(), "agent-test-dependencies");

    private TargetProject(string path) => Path_ = path;

    /// <summary>The repository's folder.</summary>
    public string Path_ { get; }

    /// <summary>A repository holding <paramref name="files"/> (relative path → text), committed.</summary>
    public static TargetProject Create(string name, IReadOnlyDictionary<string, string> files)
    {
        var path = Directory.CreateDirectory(Path.Combine(TempFolder.Create("agent-assess-tests"), name)).FullName;
        var project = new TargetProject(path);
        foreach (var (file, text) in files) project.Write(file, text);
        TestGit.InitWithCommit(path, "project");
        return project;
    }

    public void Write(string file, string text)
    {
        var full = Path.Combine(Path_, file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>The cycle's services plus the whole assessment (<see cref="AssessmentServiceCollectionExtensions.AddAssessment"/>), caching installs in <see cref="DependencyCache"/>.</summary>
    public static CycleServices Services(Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Assessment:DependencyCacheDirectory"] = DependencyCache };
        foreach (var (k, v) in settings ?? []) values[k] = v;
        return CycleServices.Create(values, s => s.AddAssessment());
    }

    public void Dispose() => TempFolder.Delete(Path.GetDirectoryName(Path_)!);
}
