using Agent.Activities.Claude;
using ModelContextProtocol;

namespace Agent.Server.Mcp;

/// <summary>Forwards stream events of a run as MCP progress notifications (one step per event, with a short message).</summary>
public sealed class McpProgressReporter(IProgress<ProgressNotificationValue> progress) : IProgress<ClaudeEvent>
{
    private int _count;

    /// <inheritdoc />
    public void Report(ClaudeEvent value)
    {
        var message = value switch
        {
            ProcessStartedEvent started => $"process {started.ProcessId} started (attempt {started.Attempt})",
            InitEvent init => $"session {init.SessionId}",
            AssistantTextEvent text => text.Text.Length <= 120 ? text.Text : text.Text[..120] + "…",
            ToolUseEvent tool => $"tool_use {tool.Name}",
            ToolResultEvent result => result.IsError ? "tool_result (error)" : "tool_result",
            ResultEvent result => $"result {result.Subtype}",
            PolicyDeniedEvent denied => $"policy denied {denied.Tool}: {denied.Reason}",
            _ => null,
        };
        if (message is null) return;
        progress.Report(new ProgressNotificationValue { Progress = Interlocked.Increment(ref _count), Message = message });
    }
}
