using Agent.Activities.Learning;
using Agent.Activities.Learning.Notes;

namespace Agent.Server.Hosting;

/// <summary>Adds the learning system from the <c>Learning</c> section; the knowledge base path is resolved against the content root.</summary>
public static class AgentLearning
{
    /// <summary>Registers the knowledge base and the learning services.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(LearningOptions.SectionName);
        services.AddLearning(options =>
        {
            section.Bind(options);
            options.DatabasePath = Path.GetFullPath(options.DatabasePath, contentRoot);
        });
        services.AddLearnedNotes(configuration.GetSection(LearnedNotesOptions.SectionName));
    }
}
