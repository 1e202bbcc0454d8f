using Agent.Workflows.Execution.Flowchart;
using Agent.Workflows.Model;
using Agent.Workflows.Versioning;

namespace Agent.Workflows.Validation;

/// <summary>Rejects definitions the engine could not run before they are stored (unknown types, bad connections, bad scripts…).</summary>
public sealed class CompilerDefinitionValidator(WorkflowCompiler compiler) : IWorkflowDefinitionValidator
{
    /// <inheritdoc />
    public IReadOnlyList<DefinitionValidationError> Validate(WorkflowDefinition definition) =>
        compiler.Validate(definition);
}
