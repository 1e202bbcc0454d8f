using Agent.Workflows.Persistence.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>
/// The stores' one source of contexts: a pooled <see cref="WorkflowDbContext"/> on SQLite, or a pooled
/// <see cref="PostgreSqlWorkflowDbContext"/> (which is a <see cref="WorkflowDbContext"/>) on PostgreSQL. The provider is
/// decided on first use, so options bound from configuration after registration also apply, and a provider without
/// an EF database (InMemory) never builds one.
/// </summary>
internal sealed class WorkflowDbContextFactory : IDbContextFactory<WorkflowDbContext>
{
    private readonly Lazy<IDbContextFactory<WorkflowDbContext>> _inner;

    public WorkflowDbContextFactory(WorkflowStorage storage) =>
        _inner = new Lazy<IDbContextFactory<WorkflowDbContext>>(() => Create(storage));

    private static IDbContextFactory<WorkflowDbContext> Create(WorkflowStorage storage)
    {
        switch (storage.Kind)
        {
            case WorkflowStorageKind.PostgreSql:
                return new Derived<PostgreSqlWorkflowDbContext>(
                    new PooledDbContextFactory<PostgreSqlWorkflowDbContext>(PostgreSqlContextOptions.Build(storage.PostgreSqlConnectionString)));
            case WorkflowStorageKind.Sqlite:
                var builder = new DbContextOptionsBuilder<WorkflowDbContext>();
                WorkflowDbContextConfigurator.Configure(builder, storage.Sqlite);
                return new PooledDbContextFactory<WorkflowDbContext>(builder.Options);
            default:
                throw new NotSupportedException($"The {storage.Kind} provider keeps no EF Core database; its stores do not use contexts.");
        }
    }

    public WorkflowDbContext CreateDbContext() => _inner.Value.CreateDbContext();

    public Task<WorkflowDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        _inner.Value.CreateDbContextAsync(cancellationToken);

    // IDbContextFactory<T> is not covariant; this hands out a derived context as the base type.
    private sealed class Derived<T>(IDbContextFactory<T> inner) : IDbContextFactory<WorkflowDbContext> where T : WorkflowDbContext
    {
        public WorkflowDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<WorkflowDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
    }
}
