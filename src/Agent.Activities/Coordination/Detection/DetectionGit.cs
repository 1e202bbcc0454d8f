using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// The git CLI the detectors read worktrees with, with <c>Coordination:Detection:GitTimeout</c>. Kept apart from the
/// self-modification host's <see cref="GitCli"/>, so neither module's timeout depends on which registered first.
/// </summary>
public sealed class DetectionGit(IOptions<DetectionOptions> options)
{
    /// <summary>The CLI.</summary>
    public GitCli Cli { get; } = new(options.Value.GitTimeout);
}
