using System.Security.Cryptography;
using System.Text;

namespace Agent.Activities.Assessment.Dependencies;

/// <summary>
/// The folder installations are cached in (<see cref="AssessmentOptions.DependencyCacheDirectory"/>, by default
/// <c>agent-dependencies</c> under the system temp folder): one folder per ecosystem and content key, completed by a
/// marker file and guarded by a lock file, so two assessments (or two processes) never install into one folder at once.
/// </summary>
public sealed class DependencyCache(AssessmentOptions options)
{
    private const string CompleteMarker = ".agent-installed";

    /// <summary>The cache's root folder.</summary>
    public string Root => options.DependencyCacheDirectory is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(Path.GetTempPath(), "agent-dependencies");

    /// <summary>A short content key: SHA-256 over the parts, in order.</summary>
    public static string Key(params string?[] parts)
    {
        var text = string.Join("\n\u0000\n", parts.Select(p => p ?? ""));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20];
    }

    /// <summary>The folder for <paramref name="ecosystem"/> and <paramref name="key"/> (not created).</summary>
    public string FolderFor(string ecosystem, string key) => Path.Combine(Root, ecosystem, key);

    /// <summary>Whether an installation into <paramref name="folder"/> completed.</summary>
    public static bool IsComplete(string folder) => File.Exists(Path.Combine(folder, CompleteMarker));

    /// <summary>Marks <paramref name="folder"/>'s installation complete.</summary>
    public static Task MarkCompleteAsync(string folder, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(folder, CompleteMarker), DateTimeOffset.UtcNow.ToString("O"), cancellationToken);

    /// <summary>Empties <paramref name="folder"/> (a half-finished installation) and creates it.</summary>
    public static void Reset(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
    }

    /// <summary>
    /// Takes the lock of <paramref name="folder"/> (an exclusive lock on <c>folder.lock</c>, which .NET holds as an OS
    /// file lock, so other processes wait too), waiting at most <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">Another installation held the lock for longer.</exception>
    public static async Task<IDisposable> LockAsync(string folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        var path = folder + ".lock";
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Another installation held '{path}' for more than {timeout}; wait for it, or delete the file if no agent is running.", e);
            }
        }
    }
}
