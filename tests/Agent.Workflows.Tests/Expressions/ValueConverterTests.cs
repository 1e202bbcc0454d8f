using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Expressions;

namespace Agent.Workflows.Tests.Expressions;

[TestClass]
public sealed class ValueConverterTests
{
    private enum Color { Red, Green, DarkBlue }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [TestMethod]
    [DataRow("42", 42)]
    [DataRow(" -7 ", -7)]
    [DataRow(42L, 42)]
    [DataRow(2.0, 2)]
    [DataRow(2.5, 2)] // half to even, as Convert.ToInt32 (Elsa's fallback) rounds
    [DataRow(3.5, 4)]
    [DataRow(true, 1)]
    public void ConvertsToInt32(object value, int expected) =>
        Assert.AreEqual(expected, ValueConverter.ConvertTo<int>(value));

    [TestMethod]
    public void RejectsTextThatIsNotANumber()
    {
        var ex = Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<int>("abc"));
        Assert.AreEqual("cannot convert 'abc' to Int32", ex.Message);
    }

    [TestMethod]
    public void RejectsFractionalTextForIntegers() =>
        Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<int>("2.5"));

    [TestMethod]
    public void ReportsOverflow()
    {
        var ex = Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<byte>(300L));
        Assert.Contains("out of range", ex.Message);
        Assert.Contains("Byte", ex.Message);
    }

    [TestMethod]
    public void ConvertsNumbersBetweenTypes()
    {
        Assert.AreEqual(1.5, ValueConverter.ConvertTo<double>("1.5"));
        Assert.AreEqual(1.25m, ValueConverter.ConvertTo<decimal>(1.25));
        Assert.AreEqual(10_000_000_000L, ValueConverter.ConvertTo<long>(Json("10000000000")));
        Assert.AreEqual(3.0, ValueConverter.ConvertTo<double>(3L));
    }

    [TestMethod]
    public void ConvertsToBoolean()
    {
        Assert.IsTrue(ValueConverter.ConvertTo<bool>("True"));
        Assert.IsFalse(ValueConverter.ConvertTo<bool>(" false "));
        Assert.IsTrue(ValueConverter.ConvertTo<bool>(Json("true")));
        Assert.IsFalse(ValueConverter.ConvertTo<bool>(0L));
        Assert.IsTrue(ValueConverter.ConvertTo<bool>(2.5));
        var ex = Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<bool>("maybe"));
        Assert.AreEqual("cannot convert 'maybe' to Boolean", ex.Message);
    }

    [TestMethod]
    public void ConvertsToText()
    {
        Assert.AreEqual("5", ValueConverter.ConvertTo<string>(5L));
        Assert.AreEqual("0.1", ValueConverter.ConvertTo<string>(0.1));
        Assert.AreEqual("true", ValueConverter.ConvertTo<string>(true));
        Assert.AreEqual("hello", ValueConverter.ConvertTo<string>(Json("\"hello\"")));
        Assert.AreEqual("{\"a\":[1,\"x\"],\"b\":null}", ValueConverter.ConvertTo<string>(Json("{\"a\":[1,\"x\"],\"b\":null}")));
        Assert.AreEqual("[\"é<\"]", ValueConverter.ConvertTo<string>(new List<object?> { "é<" }));
    }

    [TestMethod]
    public void NullBecomesDefaultOrNull()
    {
        Assert.AreEqual(0, ValueConverter.ConvertTo(null, typeof(int)));
        Assert.IsNull(ValueConverter.ConvertTo(null, typeof(int?)));
        Assert.IsNull(ValueConverter.ConvertTo(null, typeof(string)));
        Assert.IsNull(ValueConverter.ConvertTo(Json("null"), typeof(object)));
        Assert.AreEqual(5, ValueConverter.ConvertTo("5", typeof(int?)));
    }

    [TestMethod]
    public void ConvertsTimeSpansFromElsaStrings()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(5), ValueConverter.ConvertTo<TimeSpan>("00:00:05"));
        Assert.AreEqual(new TimeSpan(1, 2, 3, 4), ValueConverter.ConvertTo<TimeSpan>("1.02:03:04"));
        Assert.AreEqual(TimeSpan.FromMinutes(90), ValueConverter.ConvertTo<TimeSpan>("PT1H30M"));
        var ex = Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<TimeSpan>(5000L));
        Assert.Contains("00:00:05", ex.Message);
        Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<TimeSpan>("soon"));
    }

    [TestMethod]
    public void ConvertsDates()
    {
        var expected = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2));
        Assert.AreEqual(expected, ValueConverter.ConvertTo<DateTimeOffset>("2024-05-01T12:00:00+02:00"));
        Assert.AreEqual(TimeSpan.Zero, ValueConverter.ConvertTo<DateTimeOffset>("2024-05-01T12:00:00").Offset);
        Assert.AreEqual(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), ValueConverter.ConvertTo<DateTime>(expected));
        Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<DateTimeOffset>("yesterday"));
    }

    [TestMethod]
    public void ConvertsEnumsByNameIgnoringCase()
    {
        Assert.AreEqual(Color.DarkBlue, ValueConverter.ConvertTo<Color>("darkblue"));
        Assert.AreEqual(Color.Green, ValueConverter.ConvertTo<Color>(1L));
        Assert.AreEqual(Color.Green, ValueConverter.ConvertTo<Color>("1"));
        var ex = Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<Color>("Purple"));
        Assert.Contains("Red, Green, DarkBlue", ex.Message);
        Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<Color>(7L));
    }

    [TestMethod]
    public void ConvertsGuids()
    {
        var guid = Guid.NewGuid();
        Assert.AreEqual(guid, ValueConverter.ConvertTo<Guid>(guid.ToString()));
        Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<Guid>("nope"));
    }

    [TestMethod]
    public void ConvertsToListsAndArrays()
    {
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, ValueConverter.ConvertTo<int[]>(new List<object?> { 1L, "2", 3.0 }));
        CollectionAssert.AreEqual(new List<string> { "a", "b" }, ValueConverter.ConvertTo<List<string>>(Json("[\"a\",\"b\"]")));
        CollectionAssert.AreEqual(new List<long> { 4, 5 }, (List<long>)ValueConverter.ConvertTo<IReadOnlyList<long>>("[4, 5]")!);
        CollectionAssert.AreEqual(new List<string> { "x", "y" }, ValueConverter.ConvertTo<List<string>>("x, y"));
    }

    [TestMethod]
    public void NamesTheFailingListItem()
    {
        var ex = Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<List<int>>(new List<object?> { 1L, "oops" }));
        Assert.Contains("[1]", ex.Message);
        Assert.Contains("'oops'", ex.Message);
    }

    [TestMethod]
    public void ConvertsToDictionaries()
    {
        var map = ValueConverter.ConvertTo<Dictionary<string, object?>>(Json("{\"a\":1,\"b\":{\"c\":[true]}}"))!;
        Assert.AreEqual(1L, map["a"]);
        var inner = (Dictionary<string, object?>)map["b"]!;
        CollectionAssert.AreEqual(new List<object?> { true }, (List<object?>)inner["c"]!);

        var typed = ValueConverter.ConvertTo<IDictionary<string, int>>("{\"x\": \"7\"}")!;
        Assert.AreEqual(7, typed["x"]);
        Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<Dictionary<string, object?>>(new List<object?> { 1L }));
    }

    [TestMethod]
    public void ObjectTargetGivesPlainValues()
    {
        var plain = ValueConverter.ConvertTo<object>(JsonNode.Parse("{\"n\":1.5,\"i\":2,\"list\":[1,\"two\",null]}"));
        var map = (Dictionary<string, object?>)plain!;
        Assert.AreEqual(1.5, map["n"]);
        Assert.AreEqual(2L, map["i"]);
        CollectionAssert.AreEqual(new List<object?> { 1L, "two", null }, (List<object?>)map["list"]!);
    }

    [TestMethod]
    public void ToPlainFlattensClrValues()
    {
        var plain = (Dictionary<string, object?>)ValueConverter.ToPlain(new
        {
            Name = "x",
            Count = 3,
            Ratio = 0.5f,
            Tags = new[] { "a" },
            When = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Color = Color.Red,
            Amount = 12.00m,
        })!;
        Assert.AreEqual("x", plain["name"]);
        Assert.AreEqual(3L, plain["count"]);
        Assert.AreEqual(0.5, plain["ratio"]);
        CollectionAssert.AreEqual(new List<object?> { "a" }, (List<object?>)plain["tags"]!);
        Assert.AreEqual("2024-01-02T03:04:05+00:00", plain["when"]);
        Assert.AreEqual("Red", plain["color"]);
        Assert.AreEqual(12L, plain["amount"]);

        var fromDictionary = (Dictionary<string, object?>)ValueConverter.ToPlain(new Dictionary<string, int> { ["k"] = 1 })!;
        Assert.AreEqual(1L, fromDictionary["k"]);
        Assert.AreEqual(7L, ValueConverter.ToPlain((short)7));
        Assert.AreEqual("c", ValueConverter.ToPlain('c'));
    }

    [TestMethod]
    public void ToPlainRejectsCycles()
    {
        var list = new List<object?>();
        list.Add(list);
        var ex = Assert.ThrowsExactly<FormatException>(() => ValueConverter.ToPlain(list));
        Assert.Contains("deeper", ex.Message);
    }

    [TestMethod]
    public void ConvertsToJsonTypes()
    {
        var element = ValueConverter.ConvertTo<JsonElement>(new Dictionary<string, object?> { ["a"] = 1L });
        Assert.AreEqual(1, element.GetProperty("a").GetInt32());
        var node = ValueConverter.ConvertTo<JsonArray>(new List<object?> { "x" })!;
        Assert.AreEqual("x", node[0]!.GetValue<string>());
        Assert.ThrowsExactly<FormatException>(() => ValueConverter.ConvertTo<JsonArray>("plain text"));
    }
}
