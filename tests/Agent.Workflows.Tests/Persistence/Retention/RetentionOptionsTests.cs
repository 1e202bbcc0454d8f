using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Persistence.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Workflows.Tests.Persistence.Retention;

[TestClass]
public sealed class RetentionOptionsTests
{
    [TestMethod]
    public void Defaults_are_valid_and_keep_every_instance_of_a_durable_store()
    {
        var options = new FinishedInstanceRetentionOptions();
        Assert.AreEqual(0, FinishedInstanceRetentionOptionsValidator.ProblemsOf(options).Count);
        Assert.IsFalse(options.LimitsDurableStores);
        Assert.AreEqual(RetentionMode.Delete, options.Mode);
    }

    [TestMethod]
    [DataRow("KeepFor", "Retention:FinishedInstances:KeepFor is -01:00:00")]
    [DataRow("KeepLast", "Retention:FinishedInstances:KeepLast is 0")]
    [DataRow("Mode", "Retention:FinishedInstances:Mode '7' is not supported")]
    [DataRow("SweepInterval", "Retention:FinishedInstances:SweepInterval is 00:00:00")]
    [DataRow("PageSize", "Retention:FinishedInstances:PageSize is 0")]
    public void Each_bad_value_is_named_by_its_key_with_a_value_that_works(string key, string expected)
    {
        var options = new FinishedInstanceRetentionOptions();
        switch (key)
        {
            case "KeepFor": options.KeepFor = TimeSpan.FromHours(-1); break;
            case "KeepLast": options.KeepLast = 0; break;
            case "Mode": options.Mode = (RetentionMode)7; break;
            case "SweepInterval": options.SweepInterval = TimeSpan.Zero; break;
            default: options.PageSize = 0; break;
        }
        var problem = FinishedInstanceRetentionOptionsValidator.ProblemsOf(options).Single();
        StringAssert.StartsWith(problem, expected);
        Assert.IsTrue(problem.Contains("e.g.", StringComparison.Ordinal) || problem.Contains(" Use ", StringComparison.Ordinal), $"the message says what to write instead: {problem}");
    }

    [TestMethod]
    public void Resolving_a_store_with_invalid_options_fails_naming_the_key_and_stores_nothing()
    {
        using var services = new ServiceCollection()
            .AddWorkflowPersistence(o => o.Provider = PersistenceProviders.InMemory)
            .AddFinishedInstanceRetention(r => r.KeepLast = -5)
            .BuildServiceProvider();
        var e = Assert.ThrowsExactly<OptionsValidationException>(() => services.GetRequiredService<IWorkflowInstanceStore>());
        StringAssert.Contains(e.Message, "Retention:FinishedInstances:KeepLast is -5");
    }

    [TestMethod]
    public void The_in_memory_store_of_the_container_follows_the_options()
    {
        using var services = new ServiceCollection()
            .AddWorkflowPersistence(o => o.Provider = PersistenceProviders.InMemory)
            .AddFinishedInstanceRetention(r => r.KeepLast = 2)
            .BuildServiceProvider();
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        Assert.IsInstanceOfType<InMemoryWorkflowInstanceStore>(store);
        for (var i = 0; i < 5; i++)
            store.CommitAsync(InstanceTestData.Commit(InMemoryRetentionTests.Finished($"f{i}", i), 0)).GetAwaiter().GetResult();
        Assert.AreEqual(2, store.CountAsync(new InstanceQuery()).GetAwaiter().GetResult());
    }
}
