using Agent.Activities.Learning.Errors;
using CsCheck;

namespace Agent.Activities.Tests.Learning;

[TestClass]
public sealed class ErrorNormalizerTests
{
    // Error templates: {0} path, {1} line, {2} column, {3} GUID, {4} timestamp, {5} number, {6} hex address.
    private static readonly string[] Templates =
    [
        "{0}({1},{2}): error CS0103: The name 'counter' does not exist in the current context",
        "{0}({1},{2}): error CS1002: ; expected",
        "System.InvalidOperationException: Sequence contains no elements (request {3} at {4})\n   at Agent.Core.Loader.Load(String name) in {0}:line {1}\n   at Agent.Core.Program.Main() in {0}:line {5}",
        "ConfigError: missing key 'timeout' in {0} at line {1}",
        "TimeoutException: The operation timed out after {5} ms (job {3}, pointer {6})",
        "FAIL tests/unit/{5}: expected {1} but got {2} in {0}",
        "npm ERR! code ENOENT: no such file or directory, open '{0}' at {4}",
        "Traceback (most recent call last):\nFile \"{0}\", line {1}, in parse_config\nKeyError: 'retries' (attempt {5})",
    ];

    private static readonly Gen<string> Segment = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_-"], 1, 10];

    private static readonly Gen<string> UnixPath = Gen.Select(Segment.Array[1, 5], Gen.OneOf(".cs", ".ts", ".json", ".py", ".ini", ""),
        (parts, ext) => "/" + string.Join('/', parts) + ext);

    private static readonly Gen<string> WindowsPath = Gen.Select(Segment.Array[1, 4], parts => @"C:\" + string.Join('\\', parts) + ".cs");

    private static readonly Gen<string[]> Volatile = Gen.Select(
        Gen.OneOf(UnixPath, WindowsPath), Gen.Int[1, 99_999], Gen.Int[1, 500], Gen.Guid, Gen.DateTime, Gen.Long[0, long.MaxValue], Gen.ULong,
        (path, line, column, guid, time, number, hex) => new[]
        {
            path, line.ToString(), column.ToString(), guid.ToString(), time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), number.ToString(), "0x" + hex.ToString("x"),
        });

    [TestMethod]
    public void The_same_error_with_other_paths_lines_ids_times_and_numbers_gets_one_signature()
    {
        Gen.Select(Gen.Int[0, Templates.Length - 1], Volatile, Volatile).Sample((template, a, b) =>
        {
            var first = ErrorNormalizer.Normalize(new ErrorObservation(string.Format(Templates[template], a)));
            var second = ErrorNormalizer.Normalize(new ErrorObservation(string.Format(Templates[template], b)));
            return first.Signature == second.Signature;
        }, iter: 2000);
    }

    [TestMethod]
    public void Different_errors_get_different_signatures()
    {
        Gen.Select(Gen.Int[0, Templates.Length - 1], Gen.Int[0, Templates.Length - 1], Volatile, Volatile)
            .Where((x, y, _, _) => x != y)
            .Sample((x, y, a, b) =>
                ErrorNormalizer.Normalize(new ErrorObservation(string.Format(Templates[x], a))).Signature !=
                ErrorNormalizer.Normalize(new ErrorObservation(string.Format(Templates[y], b))).Signature, iter: 2000);
    }

    [TestMethod]
    public void Errors_that_differ_only_in_a_named_identifier_keep_apart()
    {
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 12], Gen.String[Gen.Char.AlphaNumeric, 1, 12], Volatile)
            .Where((x, y, _) => !string.Equals(x, y, StringComparison.Ordinal) && char.IsLetter(x[0]) && char.IsLetter(y[0]))
            .Sample((x, y, v) =>
                ErrorNormalizer.Normalize(new ErrorObservation($"{v[0]}({v[1]},{v[2]}): error CS0103: The name '{x}' does not exist")).Signature !=
                ErrorNormalizer.Normalize(new ErrorObservation($"{v[0]}({v[1]},{v[2]}): error CS0103: The name '{y}' does not exist")).Signature, iter: 1000);
    }

    [TestMethod]
    public void Kind_message_and_frames_are_read_from_a_dotnet_exception()
    {
        var e = ErrorNormalizer.Normalize(new ErrorObservation(string.Format(Templates[2], "/src/a/Loader.cs", "42", "7", Guid.NewGuid(), "2026-11-25T10:00:00Z", "9", "0x1f")));

        Assert.AreEqual("System.InvalidOperationException", e.Kind);
        Assert.AreEqual("System.InvalidOperationException: Sequence contains no elements (request <guid> at <time>)", e.Message);
        CollectionAssert.AreEqual(new[] { "at Agent.Core.Loader.Load(String name)", "at Agent.Core.Program.Main()" }, e.Frames.ToList());
        CollectionAssert.Contains(e.Terms.ToList(), "sequence");
        CollectionAssert.DoesNotContain(e.Terms.ToList(), "guid");
    }

    [TestMethod]
    public void A_compiler_code_is_the_kind_and_the_path_is_masked()
    {
        var e = ErrorNormalizer.Normalize(new ErrorObservation("src/Agent/Foo.cs(12,5): error CS0103: The name 'x1' does not exist"));

        Assert.AreEqual("CS0103", e.Kind);
        Assert.AreEqual("<path>(<n>,<n>): error CS0103: The name 'x1' does not exist", e.Message);
    }

    [TestMethod]
    public void Empty_text_is_refused_with_what_to_give()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ErrorNormalizer.Normalize(new ErrorObservation("  \n ")));
        StringAssert.Contains(ex.Message, "error text is empty");
    }
}
