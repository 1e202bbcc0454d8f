namespace Agent.Server.Tests.Deploy;

/// <summary>
/// Applies a stage's <c>COPY</c> instructions from the repository (the build context) to a folder, as docker would,
/// leaving out what .dockerignore keeps out of the context (bin, obj, node_modules, databases). Building from such a
/// folder fails like the image build would when the Dockerfile forgets a file the build reads.
/// </summary>
internal static class BuildContext
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", "node_modules", ".data", "TestResults"];

    /// <summary>Copies what <paramref name="stage"/>'s COPY lines (not <c>--from</c> ones) name into <paramref name="workdir"/>.</summary>
    public static void ApplyCopies(IEnumerable<DockerInstruction> stage, string workdir)
    {
        foreach (var copy in stage.Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--", StringComparison.Ordinal)))
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var destination = Path.GetFullPath(parts[^1], workdir);
            var intoFolder = parts[^1].EndsWith('/') || parts.Length > 2;
            foreach (var source in parts[..^1].Select(p => Path.Combine(AgentRepository.Root, p.TrimEnd('/'))))
            {
                if (Directory.Exists(source)) CopyDirectory(source, destination);
                else if (File.Exists(source)) CopyFile(source, intoFolder ? Path.Combine(destination, Path.GetFileName(source)) : destination);
                else Assert.Fail($"the Dockerfile copies '{source}', which is not in the repository: {copy.Arguments}");
            }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from).Where(f => !f.EndsWith(".db", StringComparison.Ordinal)))
            CopyFile(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from).Where(d => !IgnoredFolders.Contains(Path.GetFileName(d))))
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }
}
