using Agent.Activities.Cluster;
using Quartz;

namespace Agent.Activities.Schedule;

/// <summary>The Quartz job store every replica of a PostgreSQL deployment shares.</summary>
public static class QuartzStores
{
    /// <summary>The prefix of Quartz's tables in the shared database, apart from every store of the agent.</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>
    /// Uses Quartz's ADO.NET store on <paramref name="connectionString"/>, clustered: the replicas check in every
    /// <see cref="ClusterOptions.CheckinInterval"/>, each trigger fire is claimed by exactly one of them under the store's
    /// row lock, and a replica silent for longer than <see cref="ClusterOptions.CheckinMisfireThreshold"/> has its
    /// fired triggers recovered by another. The tables are created when missing (several replicas may race to do it;
    /// Quartz lets the loser find the winner's). Each replica runs under its own <see cref="ClusterOptions.EffectiveReplicaId"/>.
    /// </summary>
    public static void UseClusteredPostgres(this IQuartzBuilder quartz, string connectionString, ClusterOptions cluster, TimeSpan misfireThreshold)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        quartz.ConfigureScheduler(s => s.InstanceId = cluster.EffectiveReplicaId);
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(connectionString);
            store.UseClustering(c =>
            {
                c.CheckinInterval = cluster.CheckinInterval;
                c.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
            });
            store.ProvisionSchema();
            store.ConfigureStore(o =>
            {
                o.TablePrefix = TablePrefix;
                o.MisfireThreshold = misfireThreshold;
                // Job data as name/value strings: readable in the database and independent of .NET type names.
                o.StoreJobDataAsStrings = true;
            });
        });
    }
}
