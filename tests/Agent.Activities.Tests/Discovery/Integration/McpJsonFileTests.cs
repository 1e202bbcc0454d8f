using Agent.Activities.Discovery.Integration;

namespace Agent.Activities.Tests.Discovery.Integration;

[TestClass]
public sealed class McpJsonFileTests
{
    private string _folder = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-mcpjson-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public void Adding_a_server_keeps_the_other_entries_keys_order_and_indentation_and_removing_it_restores_the_file()
    {
        const string original = "{\n    \"mcpServers\": {\n        \"echo\": {\n            \"command\": \"python3\",\n            \"args\": [\n                \"echo.py\"\n            ]\n        }\n    },\n    \"other\": true\n}\n";
        var path = Path.Combine(_folder, ".mcp.json");
        File.WriteAllText(path, original);
        var file = new McpJsonFile(_folder);

        file.Set("server-memory", new McpJsonEntry { Command = "node", Args = ["/x/dist/index.js"], Env = new Dictionary<string, string> { ["KEY"] = "${KEY}" } });

        var added = File.ReadAllText(path);
        StringAssert.StartsWith(added, "{\n    \"mcpServers\": {\n        \"echo\": {\n            \"command\": \"python3\",");
        StringAssert.Contains(added, "\"server-memory\": {\n            \"command\": \"node\",");
        StringAssert.Contains(added, "\"KEY\": \"${KEY}\"");
        StringAssert.EndsWith(added, "\"other\": true\n}\n");
        CollectionAssert.AreEqual(new[] { "echo", "server-memory" }, file.Read().Keys.ToList());

        Assert.IsTrue(file.Remove("server-memory"));
        Assert.AreEqual(original, File.ReadAllText(path));
        Assert.IsFalse(file.Remove("server-memory"));
    }

    [TestMethod]
    public void A_file_that_is_not_json_is_refused_and_left_byte_identical()
    {
        var path = Path.Combine(_folder, ".mcp.json");
        File.WriteAllText(path, "{ \"mcpServers\": { oops");
        var before = File.ReadAllBytes(path);

        var error = Assert.ThrowsExactly<IntegrationException>(() => new McpJsonFile(_folder).Set("x", new McpJsonEntry { Command = "node" }));

        StringAssert.Contains(error.Message, "is not valid JSON");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(path));
    }
}
