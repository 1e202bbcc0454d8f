namespace Agent.Activities.Learning.Persistence;

/// <summary>
/// The knowledge base cannot be used: the file is not a database, is damaged, is locked by another process, or
/// cannot be opened. The message names the file and says what to do; the file itself has been left as it was.
/// </summary>
public sealed class KnowledgeStoreException(string message, string databasePath, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The knowledge base file concerned.</summary>
    public string DatabasePath { get; } = databasePath;
}
