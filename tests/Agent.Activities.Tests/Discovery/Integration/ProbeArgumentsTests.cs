using System.Text.Json;
using Agent.Activities.Discovery.Integration;

namespace Agent.Activities.Tests.Discovery.Integration;

[TestClass]
public sealed class ProbeArgumentsTests
{
    [TestMethod]
    public void Only_required_properties_get_values_chosen_from_default_enum_or_type()
    {
        using var schema = JsonDocument.Parse("""
            { "type": "object", "required": ["query", "mode", "count", "flag", "tags", "options", "limit"],
              "properties": {
                "query": { "type": "string" }, "mode": { "type": "string", "enum": ["fast", "slow"] }, "count": { "type": "integer", "minimum": 5 },
                "flag": { "type": "boolean" }, "tags": { "type": "array" }, "limit": { "type": "number", "default": 10 },
                "options": { "type": "object", "required": ["depth"], "properties": { "depth": { "type": "integer" }, "extra": { "type": "string" } } },
                "ignored": { "type": "string" } } }
            """);

        var arguments = ProbeArguments.For(schema.RootElement);

        Assert.AreEqual("""{"query":"probe","mode":"fast","count":5,"flag":false,"tags":[],"options":{"depth":1},"limit":10}""", JsonSerializer.Serialize(arguments));
        Assert.AreEqual(7, ProbeArguments.RequiredCount(schema.RootElement));
        Assert.AreEqual(0, ProbeArguments.For(null).Count);
    }
}
