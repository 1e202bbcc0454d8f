namespace Agent.Workflows.Tests;
[TestClass] public sealed class SmokeTests { [TestMethod] public void Works() => Assert.AreEqual(2, 1 + 1); }
