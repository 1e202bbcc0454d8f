using System.ComponentModel.DataAnnotations;

namespace Agent.Server.Hosting;

/// <summary>Settings of <c>agent serve</c>, bound from the <c>Server</c> configuration section.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Server";

    /// <summary>Addresses Kestrel listens on, separated by semicolons.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>How often expired bookmarks (delays, timers, approval timeouts) are resumed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ExpiredBookmarkPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often workflows waiting on Claude jobs (ClaudeExecute in async mode) are checked, besides the check that runs
    /// whenever a job ends; the timer catches jobs that ended before their workflow's bookmark was saved, and restarts.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ClaudeJobPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether <see cref="AgentOptions.WorkflowsDirectory"/> is imported on start.</summary>
    public bool ImportWorkflowsOnStart { get; set; } = true;
}
