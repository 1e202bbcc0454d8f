namespace Agent.Workflows.Persistence;

/// <summary>
/// The workflow database cannot be used: the file is not a database, is damaged, or cannot be opened.
/// The message says which file and what to do; the file itself has been left as it was.
/// </summary>
public class WorkflowStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowStoreException(string message, string? databasePath = null, Exception? innerException = null)
        : base(message, innerException) => DatabasePath = databasePath;

    /// <summary>The database file concerned, when there is one.</summary>
    public string? DatabasePath { get; }
}
