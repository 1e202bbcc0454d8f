using Agent.Activities.Coordination.Consensus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Coordination.Consensus;

/// <summary>Coordination:Consensus binds with its defaults, and every wrong key is refused by name.</summary>
[TestClass]
public sealed class ConsensusOptionsTests
{
    private static ConsensusOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>("Coordination:Consensus:" + s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddConsensus(configuration.GetSection("Coordination:Consensus"));
        return services.BuildServiceProvider().GetRequiredService<IOptions<ConsensusOptions>>().Value;
    }

    private static string Refused(params (string, string)[] settings) =>
        Assert.ThrowsExactly<OptionsValidationException>(() => Bind(settings)).Message;

    [TestMethod]
    public void Defaults_are_three_implementers_three_reviewers_a_majority_and_the_full_rule()
    {
        var options = Bind();
        Assert.AreEqual(3, options.Implementers);
        Assert.AreEqual(3, options.Reviewers);
        Assert.AreEqual(2, options.EffectiveQuorum);
        Assert.AreEqual(TimeSpan.FromMinutes(30), options.QuorumTimeout);
        CollectionAssert.AreEqual(new[] { "approvals", "improvement", "smallest-diff" }, options.EffectiveSelectionRule.ToList());
        Assert.AreEqual(RiskyChangeMode.Human, options.RiskyChanges);
        Assert.AreEqual(0, Bind(("Reviewers", "0")).EffectiveQuorum);
    }

    [TestMethod]
    public void A_rule_and_a_quorum_given_replace_the_defaults()
    {
        var options = Bind(("SelectionRule:0", "Smallest-Diff"), ("SelectionRule:1", "approvals"), ("Quorum", "3"), ("RiskyChanges", "ReviewersInsteadOfHuman"));
        CollectionAssert.AreEqual(new[] { "smallest-diff", "approvals" }, options.EffectiveSelectionRule.ToList());
        Assert.AreEqual(3, options.EffectiveQuorum);
        Assert.AreEqual(RiskyChangeMode.ReviewersInsteadOfHuman, options.RiskyChanges);
    }

    [TestMethod]
    public void Wrong_values_are_refused_naming_the_key()
    {
        StringAssert.Contains(Refused(("Implementers", "0")), "Coordination:Consensus:Implementers: must be from 1 to 16");
        StringAssert.Contains(Refused(("Implementers", "17")), "Coordination:Consensus:Implementers");
        StringAssert.Contains(Refused(("Reviewers", "-1")), "Coordination:Consensus:Reviewers");
        StringAssert.Contains(Refused(("Quorum", "4")), "Coordination:Consensus:Quorum: is 4; give 1 to 3");
        StringAssert.Contains(Refused(("Reviewers", "0"), ("Quorum", "1")), "Coordination:Consensus:Quorum: is 1 but Reviewers is 0");
        StringAssert.Contains(Refused(("QuorumTimeout", "00:00:00")), "Coordination:Consensus:QuorumTimeout");
        StringAssert.Contains(Refused(("SelectionRule:0", "votes")), "Coordination:Consensus:SelectionRule: 'votes' is not a criterion");
        StringAssert.Contains(Refused(("SelectionRule:0", "improvement"), ("SelectionRule:1", "improvement")), "listed twice");
    }

    [TestMethod]
    public void Reviewers_instead_of_the_human_without_reviewers_is_refused_naming_both_keys()
    {
        var message = Refused(("RiskyChanges", "ReviewersInsteadOfHuman"), ("Reviewers", "0"));

        StringAssert.Contains(message, "Coordination:Consensus:RiskyChanges: is ReviewersInsteadOfHuman but Coordination:Consensus:Reviewers is 0");
        StringAssert.Contains(message, "set Coordination:Consensus:Reviewers to 1 or more");
        Assert.AreEqual(1, Bind(("RiskyChanges", "ReviewersInsteadOfHuman"), ("Reviewers", "1")).Reviewers, "one reviewer is enough");
        Assert.AreEqual(0, Bind(("RiskyChanges", "ReviewersBeforeHuman"), ("Reviewers", "0")).Reviewers, "a human still decides after a review by measurement");
        Assert.AreEqual(0, Bind(("RiskyChanges", "Human"), ("Reviewers", "0")).Reviewers);
    }
}

/// <summary>Where a risky single change goes, by the option and the policy's effect.</summary>
[TestClass]
public sealed class RouteRiskyChangeTests
{
    [TestMethod]
    public void The_option_decides_and_a_require_consensus_rule_adds_reviewers_before_the_human()
    {
        Assert.AreEqual(RiskyChangeMode.Human, RouteRiskyChange.Route(RiskyChangeMode.Human, null));
        Assert.AreEqual(RiskyChangeMode.Human, RouteRiskyChange.Route(RiskyChangeMode.Human, "require-approval"));
        Assert.AreEqual(RiskyChangeMode.ReviewersBeforeHuman, RouteRiskyChange.Route(RiskyChangeMode.Human, "require-consensus"));
        Assert.AreEqual(RiskyChangeMode.ReviewersInsteadOfHuman, RouteRiskyChange.Route(RiskyChangeMode.ReviewersInsteadOfHuman, "require-consensus"));
        Assert.AreEqual(RiskyChangeMode.ReviewersBeforeHuman, RouteRiskyChange.Route(RiskyChangeMode.ReviewersBeforeHuman, null));
    }
}
