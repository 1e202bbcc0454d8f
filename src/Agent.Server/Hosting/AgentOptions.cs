using System.ComponentModel.DataAnnotations;

namespace Agent.Server.Hosting;

/// <summary>Settings shared by every entry point, bound from the <c>Agent</c> configuration section.</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Agent";

    /// <summary>Folder of sample and project definitions imported when the server starts (relative to the content root).</summary>
    [Required(AllowEmptyStrings = false)]
    public string WorkflowsDirectory { get; set; } = "workflows";
}
