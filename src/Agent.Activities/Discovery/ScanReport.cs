using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent.Activities.Discovery;

/// <summary>
/// The JSON shape of a scan (what <c>agent capabilities scan --json</c> prints, the MCP tool returns and the store
/// keeps): <c>{scannedAt, targetPath, servers: [{name, source, transport, status, error?, stderrTail, tools: [{name,
/// description, capabilities}], resources, prompts}]}</c>. No input schemas: those live in the tool table.
/// </summary>
/// <param name="ScannedAt">When the scan finished.</param>
/// <param name="TargetPath">The target read, or null.</param>
/// <param name="Servers">One entry per server.</param>
public sealed record ScanReport(DateTimeOffset ScannedAt, string? TargetPath, IReadOnlyList<ScanReportServer> Servers)
{
    /// <summary>Serializer settings of the shape: camelCase, enums as lowercase strings, nulls left out.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    /// <summary>The report of <paramref name="scan"/>.</summary>
    public static ScanReport From(CapabilityScan scan) => new(
        scan.ScannedAt,
        scan.TargetPath,
        [.. scan.Servers.Select(s => new ScanReportServer(
            s.Name,
            s.Source.ToString().ToLowerInvariant(),
            s.Transport,
            s.Status == ServerScanStatus.Ok ? "ok" : "failed",
            s.Error,
            s.StderrTail,
            [.. s.Tools.Select(t => new ScanReportTool(t.Name, t.Description, t.Capabilities))],
            s.Resources,
            s.Prompts))]);

    /// <summary>The report as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static ScanReport FromJson(string json) => JsonSerializer.Deserialize<ScanReport>(json, JsonOptions) ?? throw new JsonException("The scan report is empty.");
}

/// <summary>One server of a <see cref="ScanReport"/>.</summary>
/// <param name="Name">The configured name.</param>
/// <param name="Source"><c>agent</c>, <c>target</c> or <c>user</c>.</param>
/// <param name="Transport"><c>stdio</c>, <c>http</c> or <c>sse</c>.</param>
/// <param name="Status"><c>ok</c> or <c>failed</c>.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="StderrTail">The last stderr lines.</param>
/// <param name="Tools">Its tools.</param>
/// <param name="Resources">Its resource URIs.</param>
/// <param name="Prompts">Its prompt names.</param>
public sealed record ScanReportServer(
    string Name,
    string Source,
    string Transport,
    string Status,
    string? Error,
    IReadOnlyList<string> StderrTail,
    IReadOnlyList<ScanReportTool> Tools,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Prompts);

/// <summary>One tool of a <see cref="ScanReportServer"/>.</summary>
/// <param name="Name">The tool name.</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="Capabilities">Its capability tags.</param>
public sealed record ScanReportTool(string Name, string? Description, IReadOnlyList<string> Capabilities);
