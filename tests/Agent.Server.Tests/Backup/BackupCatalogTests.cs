using System.Reflection;
using Agent.Server.Backup;
using Agent.Server.Hosting;

namespace Agent.Server.Tests.Backup;

/// <summary>The catalog knows every database setting, so a new store cannot be left out of backups unnoticed.</summary>
[TestClass]
public sealed class BackupCatalogTests
{
    private static readonly Assembly[] AgentAssemblies =
        [typeof(Agent.Workflows.Persistence.PersistenceOptions).Assembly, typeof(Agent.Activities.Cycle.CycleOptions).Assembly, typeof(AgentHost).Assembly];

    [TestMethod]
    public void Every_DatabasePath_option_of_the_agent_is_in_the_catalog()
    {
        var options = AgentAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.IsPublic && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.PropertyType == typeof(string) && p.CanWrite && p.Name.EndsWith("DatabasePath", StringComparison.Ordinal))
                .Select(p => $"{t.FullName}.{p.Name}"))
            .ToList();
        var catalogued = BackupCatalog.Databases.Where(d => d.OptionsType is not null).Select(d => $"{d.OptionsType!.FullName}.{d.Property}").ToList();

        Assert.IsGreaterThanOrEqualTo(9, options.Count, "the scan finds the known options: " + string.Join(", ", options));
        CollectionAssert.IsSubsetOf(options, catalogued,
            "a *DatabasePath option is missing from BackupCatalog.Databases, so backups would leave its database out: " + string.Join(", ", options.Except(catalogued)));
    }

    [TestMethod]
    public void Every_database_file_of_the_default_configuration_is_in_the_catalog()
    {
        var keys = AgentConfiguration.DefaultsFor(".data").Keys.Where(k => k.EndsWith("DatabasePath", StringComparison.Ordinal)).ToList();

        CollectionAssert.IsSubsetOf(keys, BackupCatalog.Databases.Select(d => d.Key).ToList());
    }
}
