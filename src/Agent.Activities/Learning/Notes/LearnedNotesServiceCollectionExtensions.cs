using Agent.Activities.Validation;
using Agent.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning.Notes;

/// <summary>Registers the learned notes.</summary>
public static class LearnedNotesServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="LearnedNotesService"/> and the <see cref="UpdateLearnedNotes"/> activity, with
    /// <see cref="LearnedNotesOptions"/> bound from <paramref name="section"/> (<c>Learning:Notes</c>) and validated on start.
    /// The notes file does not count towards the large-diff risk (<see cref="ValidationOptions.DiffSizeExemptPaths"/>): it is
    /// the agent's own, bounded output, and counting it would make a small fix look large. Needs <c>AddLearning</c>.
    /// </summary>
    public static IServiceCollection AddLearnedNotes(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<LearnedNotesOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LearnedNotesOptions>, LearnedNotesOptionsValidator>());
        // Read from the section, not through IOptions<LearnedNotesOptions>: its validator reads the validation options,
        // and resolving each through the other would go round in a circle.
        services.AddOptions<ValidationOptions>().PostConfigure(validation =>
        {
            var notes = section.Get<LearnedNotesOptions>() ?? new LearnedNotesOptions();
            if (notes.Enabled && !string.IsNullOrWhiteSpace(notes.FileName)) validation.DiffSizeExemptPaths.Add(notes.FileName);
        });
        services.TryAddSingleton<LearnedKnowledgeReader>();
        services.TryAddSingleton<LearnedNotesService>();
        services.AddActivity<UpdateLearnedNotes>();
        return services;
    }
}
