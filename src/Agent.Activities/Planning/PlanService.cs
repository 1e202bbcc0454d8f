using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Agent.Activities.Gaps;
using Agent.Activities.Research;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Planning;

/// <summary>A gap with its research, ready to plan.</summary>
/// <param name="Gap">The gap.</param>
/// <param name="Research">Its research context.</param>
public sealed record PlanInput(Gap Gap, ResearchContext Research);

/// <summary>
/// Turns researched gaps into tasks: a prompt rendered from <c>{templates}/{task-type}.md</c> and acceptance criteria.
/// One gap runs <c>simple</c> (or <c>async</c> when its expected cost reaches <see cref="PlanOptions.AsyncCostThreshold"/>);
/// several gaps of the first gap's task type that touch distinct files run <c>parallel</c>. A single warning with a known
/// fix that learning has not ruled out (<see cref="KnownFixChooser"/>) runs <c>deterministic</c>.
/// </summary>
public sealed class PlanService(IOptions<PlanOptions> options, KnownFixChooser? knownFixes = null)
{
    /// <summary>The placeholders every template may use.</summary>
    public static IReadOnlyList<string> PlaceholderNames { get; } =
        ["task_type", "summary", "subject", "goal", "target", "current", "files", "file_list", "errors", "notes", "acceptance_criteria", "advice"];

    /// <summary>Plans the first input, plus (for parallel mode) later inputs of the same type on files no earlier task touches.</summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is empty.</exception>
    /// <exception cref="PromptTemplateException">The template is missing or uses an unknown placeholder.</exception>
    public async Task<TaskPlan> PlanAsync(IReadOnlyList<PlanInput> inputs, CancellationToken cancellationToken)
    {
        if (inputs.Count == 0) throw new ArgumentException("There is no gap to plan; FindGaps found none.", nameof(inputs));
        var first = inputs[0];
        var template = await LoadTemplateAsync(first.Gap.TaskType, cancellationToken).ConfigureAwait(false);

        var chosen = new List<PlanInput> { first };
        var touched = new HashSet<string>(FilesOf(first), StringComparer.Ordinal);
        foreach (var next in inputs.Skip(1))
        {
            if (chosen.Count >= options.Value.MaxParallelTasks) break;
            var files = FilesOf(next);
            if (next.Gap.TaskType != first.Gap.TaskType || files.Count == 0 || files.Any(touched.Contains)) continue;
            chosen.Add(next);
            touched.UnionWith(files);
        }

        var tasks = chosen.Select(input => new PlannedTask(
            input.Gap.Key,
            input.Gap.Summary,
            template.Render(Values(input)),
            AcceptanceCriteria.For(input.Gap),
            FilesOf(input))).ToList();
        var fix = tasks.Count == 1 && knownFixes is not null ? await knownFixes.ChooseAsync(first.Gap, cancellationToken).ConfigureAwait(false) : null;
        var mode = fix is not null ? ExecutionModes.Deterministic
            : tasks.Count > 1 ? ExecutionModes.Parallel
            : first.Gap.ExpectedCost >= options.Value.AsyncCostThreshold ? ExecutionModes.Async
            : ExecutionModes.Simple;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template.Text)));
        return new TaskPlan(first.Gap.TaskType, mode, tasks, template.File, hash, fix);
    }

    /// <summary>The template of <paramref name="taskType"/>.</summary>
    /// <exception cref="PromptTemplateException">There is no template file for it.</exception>
    public async Task<PromptTemplate> LoadTemplateAsync(string taskType, CancellationToken cancellationToken)
    {
        var directory = options.Value.TemplatesDirectory;
        var file = Path.Combine(directory, taskType + ".md");
        if (!File.Exists(file))
            throw new PromptTemplateException(file, 0, $"no prompt template for the task type '{taskType}'. Add {taskType}.md to {directory} (task types: {string.Join(", ", TaskTypes.All)}).");
        return new PromptTemplate(file, await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The placeholder values for one gap.</summary>
    public static Dictionary<string, string> Values(PlanInput input)
    {
        var (gap, research) = (input.Gap, input.Research);
        var files = new StringBuilder();
        foreach (var f in research.Files)
        {
            files.Append("### ").Append(f.Path).Append(" (").Append(f.Reason).Append(")\n```\n").Append(f.Content.TrimEnd());
            if (f.Truncated) files.Append("\n… (cut)");
            files.Append("\n```\n\n");
        }
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task_type"] = gap.TaskType,
            ["summary"] = gap.Summary,
            ["subject"] = gap.Subject,
            ["goal"] = gap.GoalTitle,
            ["target"] = gap.Target,
            ["current"] = gap.Current.ToString("0.##", CultureInfo.InvariantCulture),
            ["files"] = files.Length == 0 ? "(no file was found for this gap)" : files.ToString().TrimEnd(),
            ["file_list"] = Bullets(research.Files.Select(f => $"{f.Path} — {f.Reason}"), "(none)"),
            ["errors"] = research.ErrorExcerpts.Count == 0 ? "(none)" : string.Join("\n\n", research.ErrorExcerpts.Select(e => $"```\n{e.Trim()}\n```")),
            ["notes"] = Bullets(research.Notes.Select(Note), "(none)"),
            ["acceptance_criteria"] = Bullets(AcceptanceCriteria.For(gap), "(none)"),
            ["advice"] = Bullets(gap.Advice, "(none)"),
        };
    }

    // An outside finding names its address and when it was read, so the plan can cite it.
    private static string Note(ResearchNote note) =>
        note.Url is { } url
            ? $"[{note.Source}] {note.Title}: {note.Text} {Research.Findings.ExternalResearchSource.Citation(url, note.RetrievedAt ?? DateTimeOffset.MinValue)}"
            : $"[{note.Source}] {note.Title}: {note.Text}";

    private static List<string> FilesOf(PlanInput input) =>
        [.. input.Gap.Files.Concat(input.Research.Files.Select(f => f.Path)).Distinct(StringComparer.Ordinal)];

    private static string Bullets(IEnumerable<string> items, string empty)
    {
        var list = items.ToList();
        return list.Count == 0 ? empty : string.Join("\n", list.Select(i => "- " + i));
    }
}
