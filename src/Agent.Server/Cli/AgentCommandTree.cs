using Agent.Server.Cli.Verbs;

namespace Agent.Server.Cli;

/// <summary>The command tree of <c>agent</c>: verbs and their groups.</summary>
public static class AgentCommandTree
{
    /// <summary>Builds the tree; every verb writes through <paramref name="context"/>.</summary>
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("Agent: an autonomous coding agent whose improvement cycle runs on an Elsa-3-compatible workflow engine.");
        context.Globals.AddTo(root);
        root.Subcommands.Add(new ServeVerb(context).Command);
        root.Subcommands.Add(new RunVerb(context).Command);
        root.Subcommands.Add(new ResumeVerb(context).Command);
        root.Subcommands.Add(new ModelServerVerb(context).Command);
        root.Subcommands.Add(new McpVerb(context).Command);
        root.Subcommands.Add(new GoalsVerb(context).Command);
        root.Subcommands.Add(new AssessVerb(context).Command);
        root.Subcommands.Add(new ApprovalsVerb(context).Command);
        root.Subcommands.Add(new DecideVerb(context, "approve").Command);
        root.Subcommands.Add(new DecideVerb(context, "reject").Command);
        root.Subcommands.Add(new StopVerb(context).Command);
        root.Subcommands.Add(new CycleVerb(context).Command);
        root.Subcommands.Add(new DoctorVerb(context).Command);
        root.Subcommands.Add(new BudgetVerb(context).Command);
        root.Subcommands.Add(Group("policy", "The safety policy (agent.policy.yaml): check it, explain a decision.", new PolicyCheckVerb(context).Command, new PolicyExplainVerb(context).Command));
        root.Subcommands.Add(new AuditVerb(context).Command);
        root.Subcommands.Add(Group("schedule", "The schedule of published definitions with a cron trigger: list, pause, resume, trigger.",
            new ScheduleListVerb(context).Command,
            new SchedulePauseVerb(context, pause: true).Command,
            new SchedulePauseVerb(context, pause: false).Command,
            new ScheduleTriggerVerb(context).Command));
        root.Subcommands.Add(Group("workflows", "Workflow definitions: list, show, versions, import, export, publish, diff.",
            new WorkflowsListVerb(context).Command,
            new WorkflowsShowVerb(context).Command,
            new WorkflowsVersionsVerb(context).Command,
            new WorkflowsImportVerb(context).Command,
            new WorkflowsExportVerb(context).Command,
            new WorkflowsPublishVerb(context).Command,
            new WorkflowsDiffVerb(context).Command));
        root.Subcommands.Add(Group("decisions", "Decision records: the principles each significant decision (merge, self-modify, integrate a tool, spend) was checked against, with evidence.",
            new DecisionsListVerb(context).Command, new DecisionsShowVerb(context).Command));
        root.Subcommands.Add(Group("instances", "Workflow instances: list, show, journal, cancel.",
            new InstancesListVerb(context).Command,
            new InstancesShowVerb(context).Command,
            new InstancesJournalVerb(context).Command,
            new InstancesCancelVerb(context).Command));
        root.Subcommands.Add(Group("agents", "Coordinated agents, their messages and their tasks: list, show, capabilities, messages, tasks, task; spawn and stop agents; pause and resume the coordination.",
            new AgentsListVerb(context).Command,
            new AgentsShowVerb(context).Command,
            new AgentsCapabilitiesVerb(context).Command,
            new AgentsMessagesVerb(context).Command,
            new AgentsTasksVerb(context).Command,
            new AgentsTaskVerb(context).Command,
            new AgentsPauseVerb(context).Command,
            new AgentsResumeVerb(context).Command,
            new AgentsSpawnVerb(context).Command,
            new AgentsStopVerb(context).Command));
        root.Subcommands.Add(Group("consensus", "Consensus rounds (best-of-N and review): list them, show one with its candidates, verdicts and the selection rule's reasoning.",
            new ConsensusListVerb(context).Command,
            new ConsensusShowVerb(context).Command));
        root.Subcommands.Add(Group("incidents", "Coordination incidents raised by emergent-behaviour detection (oscillation, duplicate work, runaway spawning, cost spike, echo loops, deadlock).",
            new IncidentsListVerb(context).Command));
        LearningVerbs.AddTo(root, context);
        root.Subcommands.Add(Group("capabilities", "Capability discovery: scan the MCP servers and tag their tools, rank the missing capabilities, search the MCP Registry, integrate a server into a target's .mcp.json, remove it.",
            new CapabilitiesScanVerb(context).Command,
            new CapabilitiesGapsVerb(context).Command,
            new CapabilitiesSearchVerb(context).Command,
            new CapabilitiesIntegrateVerb(context).Command,
            new CapabilitiesRemoveVerb(context).Command));
        ResearchVerbs.AddTo(root, context);
        BackupVerbs.AddTo(root, context);
        root.Subcommands.Add(Group("hook", "Claude Code hook commands that decide tool calls by the agent's policy (for your own Claude Code settings).",
            new HookVerb(context, Agent.Activities.Safety.Oversight.HookEvents.PreToolUse).Command, new HookVerb(context, Agent.Activities.Safety.Oversight.HookEvents.PostToolUse).Command));
        root.Subcommands.Add(Group("studio", "Elsa Studio hosting: password hashes for Auth:Users.", new StudioHashPasswordVerb(context).Command));
        return root;
    }

    private static Command Group(string name, string description, params Command[] verbs)
    {
        var group = new Command(name, description);
        foreach (var verb in verbs) group.Subcommands.Add(verb);
        return group;
    }
}
