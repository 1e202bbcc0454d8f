using System.Text.Json;
using System.Text.RegularExpressions;

namespace Agent.Server.Tests.Deploy;

/// <summary>One Dockerfile instruction: its keyword (upper case), its arguments as written, and the stage it belongs to.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Stage);

/// <summary>
/// The repository's Dockerfile, read the way docker reads it (comments dropped, backslash continuations joined), with
/// the facts the deploy tests compare against the server: the publish command, entrypoint, user, volumes, ports.
/// </summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions) => Instructions = instructions;

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>The instructions of the last stage: what the image runs.</summary>
    public IEnumerable<DockerInstruction> Runtime => Instructions.Where(i => i.Stage == Instructions.Max(x => x.Stage));

    public static Dockerfile Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#'))) continue;
            if (line.StartsWith('#')) continue; // a comment inside a continued instruction
            if (line.EndsWith('\\')) { pending += line[..^1] + " "; continue; }
            var full = (pending + line).Trim();
            pending = "";
            var space = full.IndexOf(' ');
            var keyword = full[..space].ToUpperInvariant();
            if (keyword == "FROM") stage++;
            instructions.Add(new DockerInstruction(keyword, full[(space + 1)..].Trim(), stage));
        }
        return new Dockerfile(instructions);
    }

    /// <summary>The arguments of <c>RUN dotnet publish …</c> after <c>dotnet</c>, and the folder its <c>-o</c> names.</summary>
    public (List<string> Arguments, string Output) Publish()
    {
        var run = Instructions.Single(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish ", StringComparison.Ordinal));
        Assert.IsFalse(run.Arguments.Contains("&&", StringComparison.Ordinal), "the publish RUN line is one command, so the test can run exactly it");
        var arguments = run.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var o = arguments.FindIndex(a => a is "-o" or "--output");
        Assert.IsTrue(o >= 0 && o + 1 < arguments.Count, $"'{run.Arguments}' names its output folder with -o");
        return (arguments, arguments[o + 1]);
    }

    /// <summary>The exec-form ENTRYPOINT followed by CMD of the runtime stage.</summary>
    public List<string> Command()
    {
        var entrypoint = ExecForm("ENTRYPOINT");
        var cmd = Runtime.Any(i => i.Keyword == "CMD") ? ExecForm("CMD") : [];
        return [.. entrypoint, .. cmd];
    }

    /// <summary>The runtime stage's ENV settings (both <c>KEY=value</c> forms on one line).</summary>
    public Dictionary<string, string> Environment() =>
        Runtime.Where(i => i.Keyword == "ENV")
            .SelectMany(i => EnvPair().Matches(i.Arguments))
            .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);

    public string User() => Runtime.Last(i => i.Keyword == "USER").Arguments;

    public List<string> Volumes() => JsonSerializer.Deserialize<List<string>>(Runtime.Single(i => i.Keyword == "VOLUME").Arguments)!;

    public List<int> ExposedPorts() =>
        [.. Runtime.Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => int.Parse(p.Split('/')[0]))];

    /// <summary>The URL the HEALTHCHECK command fetches.</summary>
    public Uri HealthCheckUrl()
    {
        var check = Runtime.Single(i => i.Keyword == "HEALTHCHECK").Arguments;
        var url = UrlPattern().Match(check);
        Assert.IsTrue(url.Success, $"the HEALTHCHECK fetches a URL: {check}");
        return new Uri(url.Value);
    }

    private List<string> ExecForm(string keyword)
    {
        var instruction = Runtime.Last(i => i.Keyword == keyword);
        Assert.IsTrue(instruction.Arguments.StartsWith('['), $"{keyword} is in exec form (JSON array), so signals reach the server: {instruction.Arguments}");
        return JsonSerializer.Deserialize<List<string>>(instruction.Arguments)!;
    }

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S*)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"https?://[^\s""']+")]
    private static partial Regex UrlPattern();
}
