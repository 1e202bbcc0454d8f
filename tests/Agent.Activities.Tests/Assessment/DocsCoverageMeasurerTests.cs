using Agent.Activities.Assessment;

namespace Agent.Activities.Tests.Assessment;

[TestClass]
public sealed class DocsCoverageMeasurerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Only_the_publicly_visible_API_outside_tests_counts_and_doc_comments_of_any_form_document_it()
    {
        var root = SampleRepository.CreatePlainFolder();
        Directory.CreateDirectory(Path.Combine(root, "src"));
        Directory.CreateDirectory(Path.Combine(root, "tests", "Lib.Tests"));
        await File.WriteAllTextAsync(Path.Combine(root, "src", "Lib.cs"), """
            namespace Lib;

            /// <summary>Documented.</summary>
            public class Shape
            {
                /** <summary>Also documented.</summary> */
                public int Sides { get; set; }

                public double Area() => 0;

                /// <inheritdoc />
                public override string ToString() => "shape";

                private int Hidden() => 1;

                internal int Internal => 2;

                public class Nested { public int Visible; }

                private class Secret { public int NotVisible; }
            }

            public interface IShape { int Corners { get; } }

            public enum Kind { Round, Square }

            internal class Helper { public void NotApi() { } }
            """, TestContext.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(root, "tests", "Lib.Tests", "ShapeTests.cs"), "public class ShapeTests { public void T() { } }", TestContext.CancellationToken);

        var coverage = await new DocsCoverageMeasurer().MeasureAsync(root, ["src/Lib.cs", "tests/Lib.Tests/ShapeTests.cs"], TestContext.CancellationToken);

        Assert.IsNotNull(coverage);
        var undocumented = coverage.Undocumented.Select(u => u.Member).ToList();
        CollectionAssert.AreEquivalent(
            new[] { "Shape.Area()", "Shape.Nested", "Shape.Nested.Visible", "IShape", "IShape.Corners", "Kind", "Kind.Round", "Kind.Square" },
            undocumented);
        // Shape, Sides and ToString are documented: 3 of 11.
        Assert.AreEqual(11, coverage.PublicMembers);
        Assert.AreEqual(100.0 * 3 / 11, coverage.Percent, 1e-9);
        Assert.AreEqual(9, coverage.Undocumented.Single(u => u.Member == "Shape.Area()").Line);
    }

    [TestMethod]
    public async Task A_repository_without_CSharp_outside_tests_has_no_docs_figure()
    {
        var coverage = await new DocsCoverageMeasurer().MeasureAsync(SampleRepository.CreatePlainFolder(), ["tests/X.Tests/A.cs", "src/a.js"], TestContext.CancellationToken);

        Assert.IsNull(coverage);
    }
}
