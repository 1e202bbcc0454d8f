namespace Agent.Server.Cli.Verbs;

/// <summary>The research engine's verbs: <c>agent research search|doc|repo</c>.</summary>
public static class ResearchVerbs
{
    /// <summary>Adds the <c>research</c> group to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CliContext context)
    {
        var research = new Command("research", "Outside knowledge: search Stack Overflow, GitHub issues, documentation and the web; read a documentation page or a repository.");
        research.Subcommands.Add(new ResearchSearchVerb(context).Command);
        research.Subcommands.Add(new ResearchDocVerb(context).Command);
        research.Subcommands.Add(new ResearchRepoVerb(context).Command);
        root.Subcommands.Add(research);
    }
}
