using System.Reflection;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Validation;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Options;
using Agent.Workflows.Runtime;

namespace Agent.Server.Cli;

/// <summary>
/// Turns an exception that ended a verb into a message on stderr and an exit code. Known problems get their
/// own message and no stack trace; only unexpected ones show the exception type (and the trace with <c>--verbose</c>).
/// </summary>
public sealed class CliErrorReporter(TextWriter error, bool verbose)
{
    /// <summary>Reports <paramref name="exception"/> and returns the exit code.</summary>
    public int Report(Exception exception)
    {
        var e = Unwrap(exception);
        var (code, message) = Classify(e);
        error.WriteLine($"error: {message}");
        if (verbose && code == ExitCodes.Failed) error.WriteLine(e.ToString());
        return code;
    }

    private static (int Code, string Message) Classify(Exception e) => e switch
    {
        OperationCanceledException => (ExitCodes.Interrupted, "Interrupted."),
        InvalidDefinitionException
            or CliUsageException
            or BookmarkNotFoundException
            or InstanceNotFoundException
            or ConcurrencyConflictException
            or FileNotFoundException
            or DirectoryNotFoundException
            or WorkflowDefinitionException
            or WorkflowStoreException
            or Activities.Approvals.ApprovalNotFoundException
            or Activities.Approvals.ApprovalAlreadyDecidedException
            or Activities.Approvals.ApprovalInputException
            or Activities.SelfModification.NotAGitRepositoryException
            or Activities.Schedule.ScheduleException
            or Activities.Learning.Persistence.KnowledgeStoreException
            or Activities.Learning.LearningInputException
            or Activities.Discovery.Integration.IntegrationException
            or Activities.Coordination.Messaging.UnknownAgentException
            or Activities.Coordination.Messaging.InvalidMessageException
            or Activities.Coordination.Messaging.InvalidAgentException
            or Activities.Coordination.Distribution.InvalidTaskException
            or Activities.Coordination.Distribution.UnknownTaskException
            or Activities.Coordination.Distribution.TaskStateException
            or Activities.Coordination.Distribution.LeaseLostException
            or Activities.Coordination.Detection.DetectionException
            or Activities.Coordination.Consensus.UnknownRoundException
            or Activities.Coordination.Consensus.InvalidConsensusException
            or Activities.Coordination.Spawning.SpawnRefusedException => (ExitCodes.BadInput, e.Message),
        Activities.Discovery.Registry.McpRegistryException => (ExitCodes.Failed, e.Message),
        Activities.Research.Http.OutboundHttpException => (ExitCodes.Failed, e.Message),
        OptionsValidationException options => (ExitCodes.BadInput, InvalidConfiguration([options])),
        AggregateException many when many.InnerExceptions.All(i => i is OptionsValidationException) =>
            (ExitCodes.BadInput, InvalidConfiguration(many.InnerExceptions.Cast<OptionsValidationException>())),
        _ => (ExitCodes.Failed, $"Unexpected {e.GetType().Name}: {e.Message} (run with --verbose for details)"),
    };

    private static string InvalidConfiguration(IEnumerable<OptionsValidationException> failures) =>
        $"Invalid configuration: {string.Join("; ", failures.SelectMany(f => f.Failures))}";

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a: e = a.InnerExceptions[0]; continue;
                case TargetInvocationException { InnerException: { } inner }: e = inner; continue;
                default: return e;
            }
        }
    }
}
