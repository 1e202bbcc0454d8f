namespace Agent.Server.Cli.Verbs;

/// <summary>The learning system's verbs: <c>agent kpi</c> and <c>agent knowledge errors|patterns|graph|replay|verify|incidents</c>.</summary>
public static class LearningVerbs
{
    /// <summary>Adds the verbs to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CliContext context)
    {
        root.Subcommands.Add(new KpiVerb(context).Command);
        var knowledge = new Command("knowledge", "What the agent learned: errors and their fixes, patterns, the knowledge graph, replay, verification, incidents.");
        knowledge.Subcommands.Add(new KnowledgeErrorsVerb(context).Command);
        knowledge.Subcommands.Add(new KnowledgePatternsVerb(context).Command);
        knowledge.Subcommands.Add(new KnowledgeGraphVerb(context).Command);
        knowledge.Subcommands.Add(new KnowledgeReplayVerb(context).Command);
        knowledge.Subcommands.Add(new KnowledgeVerifyVerb(context).Command);
        knowledge.Subcommands.Add(new KnowledgeIncidentsVerb(context).Command);
        root.Subcommands.Add(knowledge);
    }
}
