using System.ComponentModel.DataAnnotations;

namespace Agent.Server.Dashboard;

/// <summary>The monitoring dashboard's settings, bound from the <c>Dashboard</c> configuration section.</summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Dashboard";

    /// <summary>
    /// Chart.js's UMD build, relative to the content root. <c>tools/dashboard/ensure-installed.sh</c> installs it there
    /// (pinned in <c>tools/dashboard/package-lock.json</c>).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ChartJsPath { get; set; } = "tools/dashboard/node_modules/chart.js/dist/chart.umd.min.js";

    /// <summary>
    /// How often <c>/dashboard/events</c> reads the stores to find changes; a change reaches the page within this
    /// interval. Between 100 ms and 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Dashboard:PollInterval must be between 00:00:00.100 and 00:01:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many recent cycles, jobs and incidents the tables show.</summary>
    [Range(1, 500, ErrorMessage = "Dashboard:RecentItems must be between 1 and 500.")]
    public int RecentItems { get; set; } = 20;
}
