namespace Agent.Activities.Assessment;

/// <summary>A temporary folder for reports, deleted on dispose (reports never land in the target's work tree).</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder() => Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agent-assess", Guid.NewGuid().ToString("N"))).FullName;

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A report still held open by a dying process; temp is cleaned by the OS.
        }
    }
}
