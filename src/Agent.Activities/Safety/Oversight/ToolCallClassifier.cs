using System.Text.RegularExpressions;
using Agent.Activities.Safety.Policy;

namespace Agent.Activities.Safety.Oversight;

/// <summary>
/// Turns a Claude Code tool call into the <see cref="PolicyAction"/> the policy decides: Bash → <c>command</c>; Write,
/// Edit, MultiEdit, NotebookEdit → <c>file.edit</c>; Read, Grep, Glob, LS → <c>file.read</c>; WebFetch, WebSearch →
/// <c>network</c>; every other tool (MCP tools and tools this agent does not know) → <c>mcp.tool</c> named by the
/// tool, so the policy's default decides what nobody wrote a rule for.
/// </summary>
public static partial class ToolCallClassifier
{
    /// <summary>The action for <paramref name="input"/>; file paths are made absolute against the call's <c>cwd</c> (<c>~</c> = <paramref name="homeDirectory"/>, else the user's).</summary>
    public static PolicyAction Classify(HookInput input, string? homeDirectory = null)
    {
        var home = homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var tool = input.ToolName;
        return tool switch
        {
            "Bash" => Command(input.InputText("command") ?? "", tool),
            "Write" or "Edit" or "MultiEdit" => File(PolicyActionClasses.FileEdit, tool, input.InputText("file_path"), input.Cwd, home),
            "NotebookEdit" => File(PolicyActionClasses.FileEdit, tool, input.InputText("notebook_path"), input.Cwd, home),
            "Read" => File(PolicyActionClasses.FileRead, tool, input.InputText("file_path"), input.Cwd, home),
            // Grep and Glob search the cwd when they name no path.
            "Grep" or "Glob" or "LS" => File(PolicyActionClasses.FileRead, tool, input.InputText("path") ?? input.Cwd, input.Cwd, home),
            "WebFetch" => new PolicyAction(PolicyActionClasses.Network, Tool: tool, Host: HostOf(input.InputText("url"))),
            "WebSearch" => new PolicyAction(PolicyActionClasses.Network, Tool: tool),
            _ => new PolicyAction(PolicyActionClasses.McpTool, Tool: tool),
        };
    }

    /// <summary>A Bash command; the host of the first URL it names is set too, so host rules can allow a <c>curl</c> to a known host.</summary>
    private static PolicyAction Command(string command, string tool) =>
        new(PolicyActionClasses.Command, Tool: tool, Command: command, Host: UrlInText().Match(command) is { Success: true } m ? HostOf(m.Value) : null);

    private static PolicyAction File(string actionClass, string tool, string? path, string cwd, string home) =>
        new(actionClass, Tool: tool, Path: path is { Length: > 0 } ? Absolute(path, cwd, home) : null);

    /// <summary><paramref name="path"/> as an absolute, normalised path (<c>..</c> removed), so a glob cannot be dodged with <c>dir/../..</c>.</summary>
    internal static string Absolute(string path, string cwd, string home)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal)) path = Path.Combine(home, path.Length > 2 ? path[2..] : "");
        return Path.GetFullPath(path, Path.IsPathRooted(cwd) ? cwd : Path.GetFullPath(cwd));
    }

    private static string? HostOf(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host : null;

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'""`<>|;&)]+")]
    private static partial Regex UrlInText();
}
