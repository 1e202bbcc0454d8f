using System.Text.Json;
using Agent.Activities.Discovery;

namespace Agent.Activities.Tests.Discovery;

[TestClass]
public sealed class CapabilityTaxonomyTests
{
    private static readonly CapabilityTaxonomy Shipped = CapabilityTaxonomy.Load(Path.Combine(AgentRepository.Root, CapabilityTaxonomy.FileName));

    private static JsonElement Schema(params string[] properties)
    {
        var props = string.Join(",", properties.Select(p => $"\"{p}\":{{\"type\":\"string\"}}"));
        return JsonDocument.Parse("{\"type\":\"object\",\"properties\":{" + props + "}}").RootElement.Clone();
    }

    [TestMethod]
    public void The_shipped_taxonomy_has_the_required_capabilities()
    {
        string[] required = ["filesystem.read", "filesystem.write", "web.search", "web.fetch", "memory.store", "git", "browser", "database.sql", "issue-tracker", "code.execute", "reasoning"];
        foreach (var tag in required) Assert.IsTrue(Shipped.IsKnown(tag), tag);
        CollectionAssert.Contains(Shipped.NeedsOf("research").ToList(), "web.search");
        Assert.AreEqual(3, Shipped.Threshold);
    }

    [TestMethod]
    [DataRow("brave_web_search", "Performs a web search using the Brave Search API", "query", "web.search")]
    [DataRow("fetch", "Fetches a URL from the internet and extracts its contents as markdown", "url", "web.fetch")]
    [DataRow("git_status", "Shows the working tree status", "repo_path", "git")]
    [DataRow("browser_navigate", "Navigate to a URL", "url", "browser")]
    [DataRow("read_query", "Execute a SELECT query on the SQLite database", "query", "database.sql")]
    [DataRow("create_issue", "Create a new issue in a GitHub repository", "title", "issue-tracker")]
    [DataRow("run_python", "Execute Python code in a sandbox", "code", "code.execute")]
    [DataRow("sequentialthinking", "A detailed tool for dynamic and reflective problem-solving through thoughts", "thought", "reasoning")]
    [DataRow("readTextFile", "Read a file", "path", "filesystem.read")]
    public void Typical_tools_get_their_capability(string name, string description, string property, string expected)
    {
        var tags = Shipped.Tag(name, description, Schema(property));

        CollectionAssert.Contains(tags.ToList(), expected, $"{name}: {string.Join(", ", tags)}");
    }

    [TestMethod]
    public void A_description_match_alone_is_below_the_threshold_but_with_a_schema_hint_it_tags()
    {
        Assert.IsEmpty(Shipped.Tag("lookup", "Runs a web search", null));
        CollectionAssert.AreEqual(new[] { "web.search" }, Shipped.Tag("lookup", "Runs a web search", Schema("query")).ToList());
        Assert.IsEmpty(Shipped.Tag("lookup", null, Schema("query")), "a schema hint alone never tags");
    }

    [TestMethod]
    public void Tools_with_nothing_recognisable_get_no_tags_and_qualified_names_are_stripped()
    {
        Assert.IsEmpty(Shipped.Tag("get-sum", "Returns the sum of two numbers", Schema("a", "b")));
        CollectionAssert.Contains(Shipped.Tag("mcp__search__brave_web_search", null, null).ToList(), "web.search");
        CollectionAssert.AreEqual(new[] { "code.execute" }, Shipped.Tag("Bash", null, null).ToList());
    }

    [TestMethod]
    public void Built_in_tools_provide_file_access_and_execution_but_not_web_search()
    {
        var builtin = Shipped.BuiltinCapabilities;

        Assert.IsTrue(builtin.IsSupersetOf(["filesystem.read", "filesystem.write", "code.execute"]), string.Join(", ", builtin));
        Assert.DoesNotContain("web.search", builtin);
    }

    [TestMethod]
    [DataRow("capabilities:\n  web.search:\n    description: x\n    keywords: [a]\n    colour: red\n", 5, "unknown key 'colour'")]
    [DataRow("capabilities:\n  web.search:\n    description: x\n    keywords: [a]\n    cost: { risk: extreme }\n", 5, "must be low, medium or high")]
    [DataRow("capabilities:\n  web.search:\n    description: x\n    keywords: [a]\ngapTypes:\n  research: [web.fetch]\n", 6, "unknown capability 'web.fetch'")]
    [DataRow("capabilities:\n  web.search:\n    description: x\n", 3, "needs 'keywords' or 'tools'")]
    [DataRow("capabilities: [\n", 2, "not valid YAML")]
    [DataRow("threshold: 0\ncapabilities:\n  a:\n    description: x\n    keywords: [a]\n", 1, "positive whole number")]
    public void Invalid_taxonomies_are_rejected_with_the_line_and_the_fix(string yaml, int line, string problem)
    {
        var error = Assert.ThrowsExactly<CapabilityTaxonomyException>(() => CapabilityTaxonomy.Parse(yaml, "test.yaml"));

        Assert.AreEqual(line, error.Line, error.Message);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith("test.yaml:", error.Message);
    }

    [TestMethod]
    public void A_missing_file_says_how_to_fix_it()
    {
        var error = Assert.ThrowsExactly<CapabilityTaxonomyException>(() => CapabilityTaxonomy.Load("/nonexistent/capabilities.yaml"));

        Assert.Contains("Discovery:TaxonomyPath", error.Message);
    }

    [TestMethod]
    public void The_taxonomy_is_copied_beside_the_assemblies()
    {
        var shipped = CapabilityTaxonomy.LoadShipped();

        Assert.AreEqual(Shipped.Capabilities.Count, shipped.Capabilities.Count);
    }

    [TestMethod]
    public void Schema_hashes_ignore_property_order_and_whitespace_but_not_content()
    {
        var a = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"number"}}}""").RootElement;
        var b = JsonDocument.Parse("""{ "properties": { "b": {"type":"number"}, "a": {"type":"string"} }, "type": "object" }""").RootElement;
        var c = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}}}""").RootElement;

        Assert.AreEqual(SchemaHasher.Hash(a), SchemaHasher.Hash(b));
        Assert.AreNotEqual(SchemaHasher.Hash(a), SchemaHasher.Hash(c));
        Assert.AreEqual("", SchemaHasher.Hash(null));
    }
}
