using Agent.Activities.Learning;
using Agent.Activities.Learning.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Learning;

[TestClass]
public sealed class LearningOptionsTests
{
    [TestMethod]
    public void Invalid_settings_are_refused_naming_each_key_and_the_fix()
    {
        using var services = new ServiceCollection().AddLearning(o =>
        {
            o.DatabasePath = " ";
            o.BusyTimeoutMs = -1;
            o.SimilarErrorMinOverlap = 2;
            o.AntiPatternMinFailures = 0;
        }).BuildServiceProvider();

        var ex = Assert.ThrowsExactly<OptionsValidationException>(() => services.GetRequiredService<KnowledgeDatabase>());

        var message = string.Join("\n", ex.Failures);
        StringAssert.Contains(message, "Learning:DatabasePath is empty");
        StringAssert.Contains(message, "Learning:BusyTimeoutMs is -1");
        StringAssert.Contains(message, "Learning:SimilarErrorMinOverlap is 2");
        StringAssert.Contains(message, "Learning:AntiPatternMinFailures is 0");
    }
}
