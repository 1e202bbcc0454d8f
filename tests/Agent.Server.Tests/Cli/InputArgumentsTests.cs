using Agent.Server.Cli;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class InputArgumentsTests
{
    [TestMethod]
    public void Values_take_the_json_type_where_they_parse_and_are_strings_otherwise()
    {
        var input = InputArguments.Parse(["n=42", "x=1.5", "ok=true", "none=null", "s=hello world", "q=\"42\"", "list=[1,\"a\"]", "obj={\"a\":1}", "eq=a=b", "zero=007", "empty="])!;

        Assert.AreEqual(42L, input["n"]);
        Assert.AreEqual(1.5, input["x"]);
        Assert.AreEqual(true, input["ok"]);
        Assert.IsNull(input["none"]);
        Assert.AreEqual("hello world", input["s"]);
        Assert.AreEqual("42", input["q"]);
        CollectionAssert.AreEqual(new object?[] { 1L, "a" }, (System.Collections.ICollection)input["list"]!);
        Assert.AreEqual(1L, ((IDictionary<string, object?>)input["obj"]!)["a"]);
        Assert.AreEqual("a=b", input["eq"]);
        Assert.AreEqual("007", input["zero"]);
        Assert.AreEqual("", input["empty"]);
    }

    [TestMethod]
    public void No_pairs_means_no_input_and_a_pair_without_key_is_rejected()
    {
        Assert.IsNull(InputArguments.Parse([]));
        Assert.ThrowsExactly<CliUsageException>(() => InputArguments.Parse(["=1"]));
        Assert.ThrowsExactly<CliUsageException>(() => InputArguments.Parse(["flag"]));
    }
}
