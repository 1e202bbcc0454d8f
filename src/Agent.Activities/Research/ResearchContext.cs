namespace Agent.Activities.Research;

/// <summary>A file that matters for a gap, with why and its text (possibly cut).</summary>
/// <param name="Path">Relative to the target root, '/' separated.</param>
/// <param name="Reason">Why it is relevant, e.g. <c>holds the failing test</c>.</param>
/// <param name="Content">Its text, cut to the research limit.</param>
/// <param name="Truncated">Whether <paramref name="Content"/> was cut.</param>
public sealed record RelevantFile(string Path, string Reason, string Content, bool Truncated);

/// <summary>A note from a research source: a matching error and its known solution, a replayed experience, a document.</summary>
/// <param name="Source">The source's name, e.g. <c>error-database</c>.</param>
/// <param name="Title">A short heading.</param>
/// <param name="Text">The note itself.</param>
/// <param name="SolutionIds">
/// The stored solutions (learning system) the note offers; the cycle's Learn step reports back whether they worked.
/// </param>
/// <param name="Url">The address the note cites (an outside finding), or null for knowledge of the agent's own.</param>
/// <param name="RetrievedAt">When <paramref name="Url"/> was read.</param>
public sealed record ResearchNote(string Source, string Title, string Text, IReadOnlyList<long>? SolutionIds = null, string? Url = null, DateTimeOffset? RetrievedAt = null);

/// <summary>What the planner gets to know about a gap.</summary>
/// <param name="GapKey">The gap researched.</param>
/// <param name="Files">Relevant files, most relevant first.</param>
/// <param name="ErrorExcerpts">Error messages and stack traces that belong to the gap.</param>
/// <param name="Notes">Notes from the registered research sources (learned context, later external research).</param>
public sealed record ResearchContext(string GapKey, IReadOnlyList<RelevantFile> Files, IReadOnlyList<string> ErrorExcerpts, IReadOnlyList<ResearchNote> Notes);
