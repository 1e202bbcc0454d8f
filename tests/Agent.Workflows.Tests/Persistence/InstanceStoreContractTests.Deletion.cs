using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Persistence.InstanceTestData;

namespace Agent.Workflows.Tests.Persistence;

// Deletion, which every store of the engine supports (IWorkflowInstanceDeletion).
public abstract partial class InstanceStoreContractTests
{
    [TestMethod]
    public async Task Delete_removes_the_instance_with_its_bookmarks_journal_and_incidents_and_nothing_else()
    {
        var deletion = (IWorkflowInstanceDeletion)Store;
        await Store.CommitAsync(Commit(NewInstance("gone"), 0, [Entry("gone", 1)], [NewBookmark("b-gone", "gone")],
            incidents: [new Incident("a", "T", "boom", null, null, T0)]), Ct);
        await Store.CommitAsync(Commit(NewInstance("kept"), 0, [Entry("kept", 1)], [NewBookmark("b-kept", "kept")]), Ct);

        Assert.IsTrue(await deletion.DeleteAsync("gone", Ct));

        Assert.IsNull(await Store.FindAsync("gone", Ct));
        Assert.IsNull(await Store.FindBookmarkAsync("b-gone", Ct));
        Assert.AreEqual(0, (await Store.GetJournalAsync("gone", Ct)).Count);
        Assert.IsNotNull(await Store.FindAsync("kept", Ct), "other instances are untouched");
        Assert.IsNotNull(await Store.FindBookmarkAsync("b-kept", Ct));
        Assert.AreEqual(1, (await Store.GetJournalAsync("kept", Ct)).Count);
        Assert.IsFalse(await deletion.DeleteAsync("gone", Ct), "a second delete finds nothing");

        // The id is free again: a new instance with it starts from revision 1 with an empty journal.
        var again = NewInstance("gone");
        await Store.CommitAsync(Commit(again, 0), Ct);
        Assert.AreEqual(1, again.Revision);
        Assert.AreEqual(0, (await Store.GetJournalAsync("gone", Ct)).Count);
    }
}
