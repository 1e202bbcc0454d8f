using System.Text.Json;
using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Tests.Persistence;

[TestClass]
public sealed class PlainValueJsonConverterTests
{
    private static object? RoundTrip(object? value) =>
        JsonSerializer.Deserialize<object?>(JsonSerializer.Serialize(value, StateJson.Options), StateJson.Options);

    [TestMethod]
    public void Scalars_come_back_as_plain_values_of_the_expected_type()
    {
        Assert.IsNull(RoundTrip(null));
        Assert.AreEqual(true, RoundTrip(true));
        Assert.AreEqual("text", RoundTrip("text"));
        Assert.AreEqual(5L, RoundTrip(5));
        Assert.AreEqual(long.MaxValue, RoundTrip(long.MaxValue));
        Assert.AreEqual(3.0, RoundTrip(3.0));
        Assert.IsInstanceOfType<double>(RoundTrip(3.0));
        Assert.AreEqual(-0.5, RoundTrip(-0.5));
        Assert.AreEqual(1e300, RoundTrip(1e300));
        Assert.AreEqual(2.5, RoundTrip(2.5f));
        Assert.AreEqual(12.25, RoundTrip(12.25m), "decimals come back as doubles");
    }

    [TestMethod]
    public void Values_json_cannot_represent_are_kept_as_strings_instead_of_failing()
    {
        Assert.AreEqual("NaN", RoundTrip(double.NaN));
        Assert.AreEqual("Infinity", RoundTrip(double.PositiveInfinity));
    }

    [TestMethod]
    public void Json_elements_are_turned_into_lists_and_dictionaries()
    {
        using var doc = JsonDocument.Parse("""{"a":[1,2.5,"x",null,{"b":false}]}""");
        var map = Assert.IsInstanceOfType<Dictionary<string, object?>>(RoundTrip(doc.RootElement));
        var list = Assert.IsInstanceOfType<List<object?>>(map["a"]);
        Assert.AreEqual(1L, list[0]);
        Assert.AreEqual(2.5, list[1]);
        Assert.AreEqual("x", list[2]);
        Assert.IsNull(list[3]);
        Assert.AreEqual(false, Assert.IsInstanceOfType<Dictionary<string, object?>>(list[4])["b"]);
    }

    [TestMethod]
    public void Other_objects_are_written_by_shape_and_read_back_as_dictionaries()
    {
        var map = Assert.IsInstanceOfType<Dictionary<string, object?>>(RoundTrip(new { Name = "n", Count = 2 }));
        Assert.AreEqual("n", map["name"]);
        Assert.AreEqual(2L, map["count"]);
        Assert.AreEqual(0, Assert.IsInstanceOfType<Dictionary<string, object?>>(RoundTrip(new object())).Count);
        Assert.AreEqual("2025-01-02T03:04:05+00:00", RoundTrip(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)));
    }

    [TestMethod]
    public void Workflow_state_keeps_its_case_insensitive_input_and_output_maps()
    {
        var state = new WorkflowState();
        state.Input["Customer"] = "c";
        state.Output["Total"] = 3L;
        var copy = StateJson.Clone(state);
        Assert.AreEqual("c", copy.Input["CUSTOMER"]);
        Assert.AreEqual(3L, copy.Output["total"]);
        Assert.AreEqual("c", StateJson.DeserializeState(StateJson.Serialize(state)).Input["customer"]);
    }
}
