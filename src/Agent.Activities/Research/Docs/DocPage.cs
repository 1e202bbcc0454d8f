namespace Agent.Activities.Research.Docs;

/// <summary>A heading of a documentation page with the headings below it.</summary>
/// <param name="Level">1 for <c>h1</c> … 6 for <c>h6</c>.</param>
/// <param name="Text">Its text.</param>
/// <param name="Anchor">Its <c>id</c>, to link to it, or null.</param>
/// <param name="Children">The headings of its section.</param>
public sealed record DocHeading(int Level, string Text, string? Anchor, IReadOnlyList<DocHeading> Children);

/// <summary>A code block of a page.</summary>
/// <param name="Language">From a <c>language-x</c> or <c>lang-x</c> class, or null.</param>
/// <param name="Code">Its text.</param>
/// <param name="Heading">The heading of the section it is in, or null.</param>
public sealed record DocCodeBlock(string? Language, string Code, string? Heading);

/// <summary>A link of a page's content.</summary>
/// <param name="Text">Its text.</param>
/// <param name="Url">Its absolute address.</param>
public sealed record DocLink(string Text, string Url);

/// <summary>A section of a page: a heading and its text up to the next heading.</summary>
/// <param name="Heading">The heading.</param>
/// <param name="Text">The plain text of the section.</param>
public sealed record DocSection(string Heading, string Text);

/// <summary>What the documentation parser read from a page.</summary>
/// <param name="Url">The page's address.</param>
/// <param name="Title">Its title (the first <c>h1</c>, else <c>title</c>).</param>
/// <param name="Headings">The heading tree of its content.</param>
/// <param name="CodeBlocks">Its code blocks with their languages.</param>
/// <param name="Signatures">API signatures: code in headings, <c>dt</c> terms of definition lists, signature-like code blocks.</param>
/// <param name="Links">The links of its content, absolute, each once.</param>
/// <param name="Sections">Its sections' text, for excerpts.</param>
/// <param name="Markdown">The content rendered as Markdown.</param>
public sealed record DocPage(string Url, string Title, IReadOnlyList<DocHeading> Headings, IReadOnlyList<DocCodeBlock> CodeBlocks,
    IReadOnlyList<string> Signatures, IReadOnlyList<DocLink> Links, IReadOnlyList<DocSection> Sections, string Markdown);
