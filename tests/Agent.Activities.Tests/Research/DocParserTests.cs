using Agent.Activities.Research.Docs;
using Agent.Activities.Research.Findings;
using Agent.Testing.Http;

namespace Agent.Activities.Tests.Research;

[TestClass]
public sealed class DocParserTests
{
    private static readonly Uri PageUrl = new("https://learn.example.com/en-us/dotnet/api/system.string.split?view=net-10.0");

    public TestContext TestContext { get; set; } = null!;

    private static DocPage Page() =>
        DocParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Research", "Fixtures", "api-page.html")), PageUrl);

    [TestMethod]
    public void The_title_and_heading_tree_come_from_the_main_content()
    {
        var page = Page();

        Assert.AreEqual("String.Split Method", page.Title);
        var h1 = page.Headings.Single();
        Assert.AreEqual("system-string-split", h1.Anchor);
        CollectionAssert.AreEqual(new[] { "Overloads", "Remarks", "Split(Char, StringSplitOptions)", "See also" }, h1.Children.Select(h => h.Text).ToList());
        CollectionAssert.AreEqual(new[] { "Parameters", "Returns", "Examples" }, h1.Children[2].Children.Select(h => h.Text).ToList());
        Assert.IsTrue(h1.Children[2].Children.All(h => h.Level == 3));
    }

    [TestMethod]
    public void Code_blocks_carry_their_language_from_lang_or_language_classes_and_their_section()
    {
        var blocks = Page().CodeBlocks;

        CollectionAssert.AreEqual(new[] { "csharp", "csharp", "json" }, blocks.Select(b => b.Language).ToList());
        Assert.Contains("phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);", blocks[1].Code);
        Assert.Contains("Console.WriteLine($\"<{word}>\");", blocks[1].Code);
        Assert.AreEqual("Examples", blocks[1].Heading);
        Assert.AreEqual("Split(Char, StringSplitOptions)", blocks[0].Heading);
    }

    [TestMethod]
    public void Signatures_are_code_in_headings_definition_terms_and_declaration_blocks_not_examples()
    {
        var signatures = Page().Signatures;

        CollectionAssert.Contains(signatures.ToList(), "Split(Char, StringSplitOptions)");
        CollectionAssert.Contains(signatures.ToList(), "separator Char");
        CollectionAssert.Contains(signatures.ToList(), "public string[] Split(char separator, StringSplitOptions options = StringSplitOptions.None);");
        Assert.IsFalse(signatures.Any(s => s.Contains("phrase.Split", StringComparison.Ordinal)), string.Join(" | ", signatures));
    }

    [TestMethod]
    public void Links_of_the_content_are_absolute_and_navigation_and_script_links_are_left_out()
    {
        var links = Page().Links.Select(l => l.Url).ToList();

        CollectionAssert.Contains(links, "https://learn.example.com/en-us/dotnet/standard/base-types/divide-up-strings");
        CollectionAssert.Contains(links, "https://learn.example.com/en-us/dotnet/api/system.string.join");
        CollectionAssert.Contains(links, "https://learn.example.com/en-us/dotnet/api/system.char");
        CollectionAssert.Contains(links, "https://github.com/dotnet/runtime/blob/main/src/libraries/System.Private.CoreLib/src/System/String.Manipulation.cs");
        CollectionAssert.DoesNotContain(links, "https://learn.example.com/en-us/training/");
        CollectionAssert.DoesNotContain(links, "https://learn.example.com/en-us/dotnet/api/system.string.concat");
        CollectionAssert.DoesNotContain(links, "https://learn.example.com/en-us/legal/privacy");
        Assert.IsFalse(links.Any(l => l.StartsWith("javascript:", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void The_markdown_has_headings_fenced_code_with_language_lists_and_definitions()
    {
        var md = Page().Markdown;

        Assert.StartsWith("# String.Split Method\n\nSource: <https://learn.example.com/en-us/dotnet/api/system.string.split?view=net-10.0>", md);
        Assert.Contains("\n## `Split(Char, StringSplitOptions)`\n", md);
        Assert.Contains("\n### Examples\n", md);
        Assert.Contains("```csharp\nstring phrase = \"The quick  brown fox\";", md);
        Assert.Contains("```json\n[\"The\", \"quick\", \"brown\", \"fox\"]\n```", md);
        Assert.Contains("**`separator` [Char](system.char)**\n: A character that delimits", md);
        Assert.Contains("- [Join](/en-us/dotnet/api/system.string.join)", md);
        Assert.Contains("See [Extract substrings from a string](/en-us/dotnet/standard/base-types/divide-up-strings) for more.", md);
        Assert.DoesNotContain("Privacy", md);
        Assert.DoesNotContain("Training", md);
    }

    [TestMethod]
    public void Malformed_html_still_yields_what_can_be_read()
    {
        var page = DocParser.Parse("<html><title>Broken</title><body><h2>Usage</h3><p>Call <b><code>Run(</b></code> first<pre class=lang-sh>dotnet run", new Uri("https://x.test/a"));

        Assert.AreEqual("Broken", page.Title);
        Assert.AreEqual("Usage", page.Headings.Single().Text);
        Assert.AreEqual("sh", page.CodeBlocks.Single().Language);
        Assert.AreEqual("dotnet run", page.CodeBlocks.Single().Code);
    }

    [TestMethod]
    public async Task The_docs_source_fetches_named_pages_and_excerpts_the_section_that_matches_the_question()
    {
        var html = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Research", "Fixtures", "api-page.html"), TestContext.CancellationToken);
        await using var server = new LoopbackHttpServer()
            .Map("/dotnet/api/system.string.split", LoopbackResponse.Html(html))
            .Map("/missing", new LoopbackResponse(404, "<html>gone</html>", "text/html"));
        await using var host = ResearchTestHost.Create(new Dictionary<string, string?>());
        var page = new Uri(server.BaseAddress, "dotnet/api/system.string.split").ToString();
        var missing = new Uri(server.BaseAddress, "missing").ToString();

        var search = await host.Get<SolutionFinder>().SearchAsync(
            new FindingQuery("how to remove empty entries when splitting words", Urls: [page, missing]), [SourceList.Docs], TestContext.CancellationToken);

        var finding = search.Findings.Single();
        Assert.AreEqual(page, finding.Url);
        Assert.AreEqual("String.Split Method", finding.Title);
        Assert.StartsWith("Examples: The following example splits a sentence into words and removes empty entries", finding.Excerpt);
        Assert.Contains("Signatures: Split(Char, StringSplitOptions)", finding.Excerpt);
        Assert.Contains("missing answered HTTP 404", search.Problems.Single());
    }

    [TestMethod]
    public void Generator_markup_of_rustdoc_and_sphinx_pages_gives_clean_titles_languages_and_declarations()
    {
        // Shaped like rustdoc and Sphinx output (bare language classes, highlight-x wrappers, declarations as headings,
        // copy buttons inside headings), with text of our own.
        const string html = """
            <html><head><title>Queue in demo::queue - Rust</title></head><body>
            <nav><a href="/all.html">All items</a></nav>
            <main><section id="main-content">
              <div class="main-heading"><h1>Struct <span>Queue</span><button id="copy-path">Copy item path</button></h1></div>
              <pre class="rust item-decl"><code>pub struct Queue&lt;T&gt; { /* private fields */ }</code></pre>
              <p>A first-in first-out list.</p>
              <h2 id="implementations">Implementations</h2>
              <section class="method"><h4 class="code-header">pub fn push(&amp;mut self, item: T)</h4></section>
              <section class="method"><h4 class="code-header">pub const fn len(&amp;self) -&gt; usize</h4></section>
              <div class="example-wrap"><pre class="rust rust-example-rendered"><code>// adds one item
            let mut q = Queue::new();
            q.push(1);</code></pre></div>
              <div class="highlight-python notranslate"><div class="highlight"><pre>queue.push(1)</pre></div></div>
              <dl class="py function"><dt class="sig sig-object py" id="queue.pop">queue.pop(<em>timeout=None</em>) -&gt; int</dt><dd><p>Takes the oldest item.</p></dd></dl>
            </section></main></body></html>
            """;

        var page = DocParser.Parse(html, new Uri("https://docs.example.org/demo/queue/struct.Queue.html"));

        Assert.AreEqual("Struct Queue", page.Title, "the copy button is chrome, not title");
        CollectionAssert.AreEqual(new[] { "rust", "rust", "python" }, page.CodeBlocks.Select(c => c.Language).ToList());
        CollectionAssert.IsSubsetOf(new[]
        {
            "pub struct Queue<T> { /* private fields */ }", "pub fn push(&mut self, item: T)", "pub const fn len(&self) -> usize",
            "queue.pop(timeout=None) -> int",
        }, page.Signatures.ToList(), string.Join(" | ", page.Signatures));
        Assert.IsFalse(page.Signatures.Any(s => s.Contains("Queue::new()")), "an example with a comment line is not a declaration");
        Assert.AreEqual("Implementations", page.Headings.Single().Children.Single().Text);
    }
}
