using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning.Notes;

/// <summary>
/// The learned notes the agent keeps in the repositories it changes (configuration section <c>Learning:Notes</c>): a
/// managed block in a file Claude Code reads by itself (<c>CLAUDE.md</c>), rendered from the knowledge base.
/// </summary>
public sealed class LearnedNotesOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Learning:Notes";

    /// <summary>Whether the cycle writes the notes at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The notes file, relative to the repository root. Claude Code reads <c>CLAUDE.md</c> at the root on every run.</summary>
    public string FileName { get; set; } = "CLAUDE.md";

    /// <summary>The most items each section of the block lists (errors with fixes, approaches to avoid, approaches that work).</summary>
    public int MaxItems { get; set; } = 10;
}

/// <summary>
/// Checks <see cref="LearnedNotesOptions"/> when the host starts: a relative file name inside the repository, a sane
/// item limit, and a file the gates let the cycle change (a protected notes file would fail every change).
/// </summary>
public sealed class LearnedNotesOptionsValidator(IOptions<ValidationOptions> validation) : IValidateOptions<LearnedNotesOptions>
{
    /// <summary>The largest <see cref="LearnedNotesOptions.MaxItems"/> accepted; more would turn the notes into a dump.</summary>
    public const int MaxItemsLimit = 100;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LearnedNotesOptions o)
    {
        var errors = new List<string>();
        if (o.MaxItems is < 1 or > MaxItemsLimit)
            errors.Add($"Learning:Notes:MaxItems is {o.MaxItems}; set it between 1 and {MaxItemsLimit} items per section.");
        if (string.IsNullOrWhiteSpace(o.FileName))
            errors.Add("Learning:Notes:FileName is empty; set it to a file relative to the repository root, e.g. CLAUDE.md.");
        else if (Path.IsPathRooted(o.FileName) || o.FileName.Replace('\\', '/').Split('/').Any(part => part is ".." or "." or ""))
            errors.Add($"Learning:Notes:FileName '{o.FileName}' must be a plain path inside the repository (no leading '/', no '.' or '..' parts), e.g. CLAUDE.md.");
        else if (o.Enabled && new PathGlobs(validation.Value.ProtectedPaths).FirstMatch(o.FileName) is { } glob)
            errors.Add($"Learning:Notes:FileName '{o.FileName}' matches the protected path '{glob}' (Validation:ProtectedPaths), so every change with notes would fail the gates; remove that glob, choose another file, or set Learning:Notes:Enabled=false.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
