using System.Diagnostics;
using System.Security.Cryptography;

namespace Agent.Server.Tests.Deploy;

/// <summary>A rendered overlay: its documents and the secret values that went into it (to find any that leaked).</summary>
internal sealed record RenderedOverlay(string Name, List<Dictionary<string, object?>> Documents, IReadOnlyList<string> SecretValues)
{
    public IEnumerable<Dictionary<string, object?>> OfKind(string kind) => Documents.Where(d => d.Text("kind") == kind);

    public Dictionary<string, object?> Single(string kind) => OfKind(kind).Single();
}

/// <summary>
/// Renders deploy/k8s overlays with the real <c>kubectl kustomize</c>. Works on a copy, where each overlay gets a
/// secrets.env made from its secrets.env.example with fresh random values: the repository is never written to, and the
/// values are known so the checks can prove none of them was inlined outside a Secret.
/// </summary>
internal sealed class Kustomize : IDisposable
{
    public const string InstallHint =
        "kubectl is not installed; the Kubernetes manifest tests need 'kubectl kustomize'. Install it with 'apt-get install kubernetes-client' " +
        "(./test.sh does), or from https://kubernetes.io/docs/tasks/tools/ , then run the tests again.";

    private readonly string _copy;

    private Kustomize(string copy) => _copy = copy;

    /// <summary>The copy of deploy/k8s the overlays are rendered from; tests may change it to prove a check fails.</summary>
    public string Root => _copy;

    public static Kustomize Copy()
    {
        var copy = Path.Combine(TempFolder.Create("agent-deploy-tests"), "k8s");
        CopyDirectory(Path.Combine(AgentRepository.Root, "deploy", "k8s"), copy);
        return new Kustomize(copy);
    }

    public static IEnumerable<string> Overlays() =>
        Directory.GetDirectories(Path.Combine(AgentRepository.Root, "deploy", "k8s", "overlays")).Select(Path.GetFileName).Order()!;

    public async Task<RenderedOverlay> RenderAsync(string overlay, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_copy, "overlays", overlay);
        var secrets = new List<string>();
        var example = Path.Combine(folder, "secrets.env.example");
        if (File.Exists(example))
        {
            var lines = new List<string>();
            foreach (var line in await File.ReadAllLinesAsync(example, cancellationToken))
            {
                if (line.TrimStart().StartsWith('#') || !line.Contains('=')) continue;
                var value = "s3cret-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
                secrets.Add(value);
                lines.Add($"{line[..line.IndexOf('=')]}={value}");
            }
            await File.WriteAllLinesAsync(Path.Combine(folder, "secrets.env"), lines, cancellationToken);
        }
        var output = await RunKubectlAsync(["kustomize", folder], cancellationToken);
        return new RenderedOverlay(overlay, Yaml.Documents(output), secrets);
    }

    public void Dispose() => TempFolder.Delete(Path.GetDirectoryName(_copy)!);

    private static async Task<string> RunKubectlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var kubectl = FindKubectl(System.Environment.GetEnvironmentVariable("PATH") ?? "");
        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.AreEqual(0, process.ExitCode, $"kubectl {string.Join(' ', start.ArgumentList)} failed: {await stderr}");
        return await stdout;
    }

    /// <summary>kubectl on <paramref name="path"/> (a PATH value); fails the test with <see cref="InstallHint"/> when it is not there.</summary>
    public static string FindKubectl(string path)
    {
        var found = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, "kubectl")).FirstOrDefault(File.Exists);
        if (found is null) Assert.Fail(InstallHint);
        return found;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            if (Path.GetFileName(file) != "secrets.env") File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
