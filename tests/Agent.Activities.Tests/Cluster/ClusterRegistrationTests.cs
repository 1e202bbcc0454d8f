using Agent.Activities.Cluster;
using Agent.Workflows.Cluster;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Cluster;

/// <summary>AddAgentCluster: the lock kind follows Database:Provider, and wrong settings are refused with the key named.</summary>
[TestClass]
public sealed class ClusterRegistrationTests
{
    [TestMethod]
    public void Sqlite_gets_lock_files_beside_the_database_and_PostgreSql_advisory_locks()
    {
        using (var sqlite = Build([]))
        {
            var locks = sqlite.GetRequiredService<IAgentLocks>();
            Assert.IsInstanceOfType<FileAgentLocks>(locks);
            StringAssert.StartsWith(((FileAgentLocks)locks).PathOf("x"), Path.Combine("/data", ClusterServiceCollectionExtensions.DefaultLockFolder) + "/");
            Assert.AreSame(sqlite.GetRequiredService<CycleTargetLocks>(), sqlite.GetServices<IInstanceRunListener>().Single());
        }
        using var postgres = Build([("Database:Provider", "PostgreSql"), ("Database:ConnectionString", "Host=127.0.0.1;Database=agent;Username=agent")]);
        Assert.IsTrue(postgres.GetRequiredService<IAgentLocks>() is PostgresAgentLocks { SpansReplicas: true });
    }

    [TestMethod]
    public void PostgreSql_without_a_connection_string_is_refused_naming_the_key()
    {
        // Registration itself does not throw (hosts report the Database section through its validator on start);
        // the locks cannot be built without the connection string, and say which key to set.
        using var services = Build([("Database:Provider", "PostgreSql")]);
        var refused = Assert.ThrowsExactly<InvalidOperationException>(() => services.GetRequiredService<IAgentLocks>());
        StringAssert.Contains(refused.Message, "Database:ConnectionString");
    }

    [TestMethod]
    public void A_bad_replica_id_or_check_in_interval_is_refused_naming_the_key_and_the_default_id_is_host_and_process()
    {
        using var bad = Build([("Cluster:ReplicaId", "agent 0/bad"), ("Cluster:CheckinInterval", "00:00:00")]);
        var refused = Assert.ThrowsExactly<OptionsValidationException>(() => bad.GetRequiredService<IOptions<ClusterOptions>>().Value);
        StringAssert.Contains(refused.Message, "Cluster:ReplicaId");
        StringAssert.Contains(refused.Message, "Cluster:CheckinInterval");

        using var good = Build([]);
        var options = good.GetRequiredService<IOptions<ClusterOptions>>().Value;
        StringAssert.EndsWith(options.EffectiveReplicaId, $"-{Environment.ProcessId}");
        Assert.AreEqual("agent-0", new ClusterOptions { ReplicaId = "agent-0" }.EffectiveReplicaId);
    }

    [TestMethod]
    public void A_lease_timeout_not_above_twice_the_heartbeat_is_refused_naming_the_key_and_what_to_do()
    {
        using var bad = Build([("Cluster:HeartbeatInterval", "00:00:05"), ("Cluster:LeaseTimeout", "00:00:10")]);
        var refused = Assert.ThrowsExactly<OptionsValidationException>(() => bad.GetRequiredService<IOptions<ClusterOptions>>().Value);
        StringAssert.Contains(refused.Message, "Cluster:LeaseTimeout");
        StringAssert.Contains(refused.Message, "twice HeartbeatInterval");

        using var good = Build([("Cluster:HeartbeatInterval", "00:00:01"), ("Cluster:LeaseTimeout", "00:00:03")]);
        Assert.AreEqual(TimeSpan.FromSeconds(3), good.GetRequiredService<IOptions<ClusterOptions>>().Value.LeaseTimeout);
        Assert.AreEqual(TimeSpan.FromSeconds(15), new ClusterOptions().LeaseTimeout);
    }

    [TestMethod]
    public void Only_PostgreSql_registers_instance_leases_with_their_heartbeat_and_takeover_metric()
    {
        var sqlite = Services([]);
        Assert.IsFalse(sqlite.Any(d => d.ServiceType == typeof(IInstanceLeases)), "one machine keeps start-up recovery");
        Assert.IsFalse(sqlite.Any(d => d.ImplementationType == typeof(InstanceLeaseHeartbeat)));
        var postgres = Services([("Database:Provider", "PostgreSql"), ("Database:ConnectionString", "Host=127.0.0.1;Database=agent;Username=agent")]);
        Assert.IsTrue(postgres.Any(d => d.ServiceType == typeof(IInstanceLeases)));
        Assert.IsTrue(postgres.Any(d => d.ImplementationType == typeof(InstanceLeaseHeartbeat)));
        Assert.IsTrue(postgres.Any(d => d.ServiceType == typeof(IInstanceTakeoverListener)));
    }

    private static ServiceCollection Services((string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddAgentCluster(configuration, "/data", "agent.db");
        return services;
    }

    private static ServiceProvider Build((string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new ServiceCollection().AddAgentCluster(configuration, "/data", "agent.db").BuildServiceProvider();
    }
}
