using Microsoft.Extensions.Options;
using Npgsql;

namespace Agent.Workflows.Persistence;

/// <summary>
/// Checks the <c>Database</c> section when it is first read (and at start-up where the host validates on start):
/// PostgreSQL needs a well-formed connection string that names a host. Whether the server answers is checked by the
/// initializers. Every store that follows the section (the engine's and the agent's) uses this one validator.
/// </summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    /// <summary>The configuration key of the connection string, as messages name it.</summary>
    public const string ConnectionStringKey = DatabaseOptions.SectionName + ":" + nameof(DatabaseOptions.ConnectionString);

    /// <summary>The configuration key of the provider, as messages name it.</summary>
    public const string ProviderKey = DatabaseOptions.SectionName + ":" + nameof(DatabaseOptions.Provider);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ProblemOf(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    /// <summary>What is wrong with <paramref name="options"/> and what to do, or null when they are usable.</summary>
    public static string? ProblemOf(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Provider))
            return $"{ProviderKey} '{options.Provider}' is not supported. Use Sqlite or PostgreSql.";
        if (options.Provider != DatabaseProvider.PostgreSql) return null;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return $"{ProviderKey} is PostgreSql but {ConnectionStringKey} is empty. Set it to an Npgsql connection string " +
                   "(e.g. Host=db;Port=5432;Database=agent;Username=agent;Password=...), or set the environment variable " +
                   "Database__ConnectionString; or remove Database:Provider to use the embedded SQLite files.";
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
                return $"{ConnectionStringKey} names no Host; add Host=<server> to it (e.g. Host=db;Database=agent;Username=agent).";
        }
        catch (ArgumentException ex)
        {
            return $"{ConnectionStringKey} is not a valid Npgsql connection string ({ex.Message}). Write it as key=value pairs " +
                   "separated by ';', e.g. Host=db;Database=agent;Username=agent;Password=....";
        }
        return null;
    }
}
