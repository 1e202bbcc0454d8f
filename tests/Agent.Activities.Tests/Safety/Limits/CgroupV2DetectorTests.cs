using Agent.Activities.Safety.Limits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Limits;

/// <summary><see cref="CgroupV2Detector"/> against directories laid out like cgroup v2, and against this machine.</summary>
[TestClass]
public sealed class CgroupV2DetectorTests
{
    private string _folder = null!;

    [TestInitialize]
    public void Init() => _folder = TempFolder.Create("agent-cgroup-detect");

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    private string Dir(string name) => Path.Combine(_folder, name);

    [TestMethod]
    public void A_delegated_root_with_memory_pids_and_cpu_enabled_for_children_is_used()
    {
        var root = FakeCgroup.DelegatedRoot(Dir("agent.service"));

        var found = new CgroupV2Detector().Detect(root);

        Assert.IsTrue(found.Usable, found.Summary);
        Assert.AreEqual(root, found.Root);
        CollectionAssert.AreEqual(new[] { "memory", "pids", "cpu" }, found.Controllers.ToArray());
        Assert.AreEqual($"{root}: memory, pids, cpu", found.Summary);
    }

    [TestMethod]
    public void A_directory_without_the_memory_and_pids_controllers_is_not_usable()
    {
        var root = FakeCgroup.Create(Dir("bare"), ("cgroup.controllers", "\n"), ("cgroup.subtree_control", "\n"), ("cgroup.procs", ""));

        var found = new CgroupV2Detector().Detect(root);

        Assert.IsFalse(found.Usable);
        StringAssert.Contains(found.Summary, $"{root} lacks the memory/pids controller(s) (cgroup.controllers: none)");
        StringAssert.Contains(found.Summary, "Safety:Limits:CgroupRoot");
    }

    [TestMethod]
    public void A_non_root_cgroup_holding_processes_is_explained_by_the_no_internal_processes_rule_and_left_untouched()
    {
        var root = FakeCgroup.Create(Dir("session.scope"),
            ("cgroup.controllers", "cpu memory pids\n"), ("cgroup.subtree_control", "\n"), ("cgroup.type", "domain\n"), ("cgroup.procs", "4242\n4243\n"));

        var found = new CgroupV2Detector().Detect(root);

        Assert.IsFalse(found.Usable);
        StringAssert.Contains(found.Summary, "holds 2 process(es)");
        StringAssert.Contains(found.Summary, "\"no internal processes\" rule");
        Assert.AreEqual("\n", File.ReadAllText(Path.Combine(root, "cgroup.subtree_control")), "nothing was written");
    }

    [TestMethod]
    public void A_namespace_root_with_the_controllers_available_gets_them_enabled_for_its_children()
    {
        // The real root has no cgroup.type, and the "no internal processes" rule does not apply to it.
        var root = FakeCgroup.Create(Dir("ns-root"), ("cgroup.controllers", "memory pids\n"), ("cgroup.subtree_control", ""), ("cgroup.procs", "1\n"));

        var found = new CgroupV2Detector().Detect(root);

        Assert.IsTrue(found.Usable, found.Summary);
        Assert.AreEqual("+memory +pids", File.ReadAllText(Path.Combine(root, "cgroup.subtree_control")));
        CollectionAssert.AreEqual(new[] { "memory", "pids" }, found.Controllers.ToArray());
    }

    [TestMethod]
    public void A_missing_or_plain_directory_says_what_to_do()
    {
        StringAssert.Contains(new CgroupV2Detector().Detect(Dir("nowhere")).Summary, "does not exist; delegate a cgroup");
        Directory.CreateDirectory(Dir("plain"));
        StringAssert.Contains(new CgroupV2Detector().Detect(Dir("plain")).Summary, "is not a cgroup v2 directory");
    }

    [TestMethod]
    public void Without_a_configured_root_the_agents_own_cgroup_under_the_cgroup2_mount_is_inspected()
    {
        var mount = Dir("mnt");
        FakeCgroup.DelegatedRoot(Path.Combine(mount, "system.slice", "agent.service"));
        var mountInfo = Path.Combine(_folder, "mountinfo");
        File.WriteAllText(mountInfo, $"25 30 0:22 / /proc rw - proc proc rw\n35 25 0:30 / {mount} rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
        var self = Path.Combine(_folder, "cgroup");
        File.WriteAllText(self, "4:memory:/x\n0::/system.slice/agent.service\n");

        var found = new CgroupV2Detector(mountInfo, self).Detect(null);

        Assert.AreEqual(Path.Combine(mount, "system.slice", "agent.service"), found.Root, found.Summary);
    }

    [TestMethod]
    public void Without_a_cgroup2_mount_it_says_cgroup_v1_only()
    {
        var mountInfo = Path.Combine(_folder, "mountinfo");
        File.WriteAllText(mountInfo, "25 30 0:22 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");

        Assert.AreEqual("not mounted (cgroup v1 only)", new CgroupV2Detector(mountInfo, "/proc/self/cgroup").Detect(null).Summary);
    }

    [TestMethod]
    public void This_machine_falls_back_to_prlimit_and_the_watchdog_and_says_why()
    {
        var found = new CgroupV2Detector().Detect(null);
        var report = new LimitMechanismProbe().Detect(enabled: true);

        Assert.IsFalse(found.Usable, found.Summary);
        Assert.AreEqual(LimitMechanism.PrlimitWatchdog, report.Mechanism, report.Describe());
        Assert.IsNull(report.Cgroup);
        StringAssert.Contains(report.Describe(), $"cgroup v2 not used: {found.Summary}");
        if (Directory.Exists("/sys/fs/cgroup/unified"))
            StringAssert.Contains(found.Summary, "/sys/fs/cgroup/unified lacks the memory/pids controller(s)");
    }

    [TestMethod]
    public void A_disabled_limiter_neither_uses_nor_enables_cgroups()
    {
        var root = FakeCgroup.Create(Dir("ns-root"), ("cgroup.controllers", "memory pids\n"), ("cgroup.subtree_control", ""), ("cgroup.procs", ""));

        var report = new LimitMechanismProbe().Detect(enabled: false, root);

        Assert.AreEqual(LimitMechanism.None, report.Mechanism);
        Assert.AreEqual("", File.ReadAllText(Path.Combine(root, "cgroup.subtree_control")));
    }

    [TestMethod]
    public void CgroupRoot_is_bound_and_used_from_configuration_and_a_relative_path_is_rejected_on_start()
    {
        var root = FakeCgroup.DelegatedRoot(Dir("agent.service"));
        static ServiceProvider With(string root) => new ServiceCollection()
            .AddResourceLimits(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Safety:Limits:CgroupRoot"] = root }).Build())
            .BuildServiceProvider();
        using var good = With(root);
        using var bad = With("relative/cgroup");

        var limiter = good.GetRequiredService<ResourceLimiter>();
        Assert.AreEqual(LimitMechanism.CgroupV2, limiter.Mechanism.Mechanism, limiter.Mechanism.Describe());
        var e = Assert.ThrowsExactly<OptionsValidationException>(() => bad.GetRequiredService<IOptions<ResourceLimitOptions>>().Value);
        Assert.Contains("Safety:Limits:CgroupRoot must be an absolute path", e.Message);
    }
}
