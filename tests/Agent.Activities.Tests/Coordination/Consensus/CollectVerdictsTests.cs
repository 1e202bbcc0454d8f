using System.Text.Json;
using Agent.Activities.Coordination.Consensus;
using Agent.Activities.Coordination.Distribution;

namespace Agent.Activities.Tests.Coordination.Consensus;

/// <summary>A review task's end → verdicts: its text parsed strictly; a failed run, a parked or unfinished task abstain.</summary>
[TestClass]
public sealed class CollectVerdictsTests
{
    private static readonly string[] Candidates = ["r-c1"];

    private static WorkTask Review(string status, string? result, string? reason = null) => new()
    {
        Id = "r-review-1", Kind = "review", Role = "reviewer", Capabilities = [], Payload = JsonDocument.Parse("{}").RootElement, Status = status,
        LeaseOwner = "reviewer-abc", Reason = reason, Result = result is null ? null : JsonDocument.Parse(result).RootElement,
        CreatedAt = DateTimeOffset.UnixEpoch, QueuedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [TestMethod]
    public void A_done_review_is_parsed_from_its_text_under_the_lease_holders_name()
    {
        var verdict = CollectVerdicts.Read(Review(TaskStatuses.Done, """{"success":true,"text":"```json\n{\"verdict\":\"reject\",\"score\":0.2,\"reasons\":[\"deletes a test\"]}\n```"}"""), Candidates).Single();
        Assert.AreEqual(new CandidateVerdict("r-c1", "reviewer-abc", VerdictKinds.Reject, 0.2, verdict.Reasons), verdict);
    }

    [TestMethod]
    public void Output_that_is_not_json_a_failed_run_and_an_unfinished_or_parked_task_abstain_with_the_reason()
    {
        (WorkTask Task, string Expected)[] cases =
        [
            (Review(TaskStatuses.Done, """{"success":true,"text":"Looks good to me!"}"""), "not JSON"),
            (Review(TaskStatuses.Done, """{"success":false,"text":null,"error":"budget exceeded"}"""), "the reviewer's run failed: budget exceeded"),
            (Review(TaskStatuses.Leased, null), "no verdict within the quorum timeout: review task r-review-1 is leased"),
            (Review(TaskStatuses.Parked, null, "lease expired 3 times"), "is parked (lease expired 3 times)"),
        ];
        foreach (var (task, expected) in cases)
        {
            var verdict = CollectVerdicts.Read(task, Candidates).Single();
            Assert.AreEqual(VerdictKinds.Abstain, verdict.Verdict, expected);
            StringAssert.Contains(verdict.AbstainReason, expected);
        }
    }
}
