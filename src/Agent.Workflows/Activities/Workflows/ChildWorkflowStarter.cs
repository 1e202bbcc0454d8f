using System.Security.Cryptography;
using System.Text;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Starts another definition as a separate instance for <c>Elsa.ExecuteWorkflow</c> and <c>Elsa.DispatchWorkflow</c>:
/// the latest published version, with the parent recorded in the child's state. The child's instance id is derived
/// from the starting execution's id, so an activity re-run after a crash finds the child it already started instead of
/// starting a second one.
/// </summary>
public sealed class ChildWorkflowStarter(IServiceProvider services)
{
    /// <summary>The bookmark a parent waits on until its child ends; its payload names the child.</summary>
    public const string BookmarkName = "Elsa.ChildWorkflow";

    /// <summary>The bookmark payload key holding the child's instance id.</summary>
    public const string ChildInstanceIdKey = "childInstanceId";

    /// <summary>The child instance id of one execution of a starting activity.</summary>
    public static string ChildInstanceId(string parentInstanceId, string executionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{parentInstanceId}/{executionId}")))[..32];

    /// <summary>
    /// Starts the child (it runs until it ends or waits), or returns the child this execution started before a crash.
    /// </summary>
    /// <exception cref="WorkflowFaultException">The definition has no published version.</exception>
    public async Task<WorkflowInstance> StartAsync(ActivityExecutionContext context, string? definitionId, IReadOnlyDictionary<string, object?>? input,
        string? correlationId, bool waitForCompletion)
    {
        if (string.IsNullOrWhiteSpace(definitionId))
            throw new WorkflowFaultException($"Activity '{context.ActivityId}' names no workflow definition; set its WorkflowDefinitionId.");
        var childId = ChildInstanceId(context.InstanceId, context.ExecutionId);
        var instances = services.GetRequiredService<IWorkflowInstanceStore>();
        if (await instances.FindAsync(childId, context.CancellationToken) is { } started) return started;
        var definitions = services.GetService<IWorkflowDefinitionStore>()
            ?? throw new WorkflowFaultException($"Activity '{context.ActivityId}' cannot start workflow '{definitionId}': this host has no definition store.");
        var definition = await definitions.FindAsync(definitionId, VersionOptions.Published, context.CancellationToken)
            ?? throw new WorkflowFaultException($"Activity '{context.ActivityId}' cannot start workflow definition '{definitionId}': it has no published version. Publish it, or correct the activity's WorkflowDefinitionId.");
        var childInput = new Dictionary<string, object?>(input ?? new Dictionary<string, object?>(), StringComparer.OrdinalIgnoreCase)
        {
            ["ParentInstanceId"] = context.InstanceId,
        };
        var parent = new ParentWorkflow(context.InstanceId, context.ActivityId, context.ExecutionId, waitForCompletion);
        return await services.GetRequiredService<WorkflowRuntime>().StartAsync(definition,
            new StartWorkflowOptions { Input = childInput, CorrelationId = correlationId, InstanceId = childId, Parent = parent }, context.CancellationToken);
    }

    /// <summary>
    /// Elsa's <c>ExecuteWorkflowResult</c> for a child: its id, Elsa's status and sub-status (<c>Finished</c>/<c>Faulted</c>…),
    /// and its output.
    /// </summary>
    public static Dictionary<string, object?> Result(WorkflowInstance child) => new()
    {
        ["workflowInstanceId"] = child.Id,
        ["status"] = child.Status is WorkflowStatus.Running or WorkflowStatus.Suspended ? "Running" : "Finished",
        ["subStatus"] = child.Status switch
        {
            WorkflowStatus.Running => "Executing", WorkflowStatus.Suspended => "Suspended", _ => child.Status.ToString(),
        },
        ["output"] = new Dictionary<string, object?>(child.State.Output),
    };

    /// <summary>True when the child has ended (finished, faulted or cancelled): a waiting parent goes on.</summary>
    public static bool HasEnded(WorkflowInstance child) => child.Status is WorkflowStatus.Finished or WorkflowStatus.Faulted or WorkflowStatus.Cancelled;
}
