using Agent.Activities.Learning;
using Agent.Testing.Postgres;

namespace Agent.Activities.Tests.Learning;

/// <summary>
/// Tests of the knowledge base that every provider must pass: each test class derives from this once per provider
/// (<c>Sqlite…</c> and <c>Postgres…</c>), and the derived class says where a fresh sandbox lives.
/// </summary>
public abstract class KnowledgeTests
{
    public TestContext TestContext { get; set; } = null!;

    protected CancellationToken Token => TestContext.CancellationToken;

    /// <summary>A fresh, empty knowledge base with every learning service wired.</summary>
    private protected abstract Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null);

    /// <summary>A SQLite sandbox in a temp folder.</summary>
    private protected static Task<KnowledgeSandbox> SqliteSandboxAsync(Action<LearningOptions>? configure) => Task.FromResult(new KnowledgeSandbox(configure));

    /// <summary>A sandbox in a fresh database of <paramref name="server"/>.</summary>
    private protected Task<KnowledgeSandbox> PostgresSandboxAsync(PostgresServer? server, Action<LearningOptions>? configure) =>
        KnowledgeSandbox.OnPostgresAsync(server ?? throw new InvalidOperationException("The PostgreSQL server of this test class did not start; see its ClassInitialize output."), configure, Token);
}
