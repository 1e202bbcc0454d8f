namespace Agent.Testing;

/// <summary>A test's own folder under the system temp folder: created fresh, removed best-effort.</summary>
public static class TempFolder
{
    /// <summary>Creates the empty folder <c>&lt;temp&gt;/&lt;area&gt;/&lt;new guid&gt;</c> and returns its path.</summary>
    public static string Create(string area) =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), area, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>
    /// Deletes <paramref name="folder"/> with everything in it. A file still held (a pooled SQLite connection, a build node,
    /// a straggling child process) leaves the folder behind for the OS to clean: cleaning up never fails a test.
    /// </summary>
    public static void Delete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* still held; the OS cleans temp eventually */ }
        catch (UnauthorizedAccessException) { /* likewise */ }
    }
}
