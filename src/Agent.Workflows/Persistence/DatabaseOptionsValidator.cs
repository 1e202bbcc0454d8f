using Microsoft.Extensions.Options;
using Npgsql;

namespace Agent.Workflows.Persistence;

/// <summary>
/// Checks the <c>Database</c> section when it is first read (and at start-up where the host validates on start):
/// PostgreSQL needs a well-formed connection string. Whether the server answers is checked by the initializer.
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
        if (!Enum.IsDefined(options.Provider))
            return ValidateOptionsResult.Fail($"{ProviderKey} '{options.Provider}' is not supported. Use Sqlite or PostgreSql.");
        if (options.Provider != DatabaseProvider.PostgreSql) return ValidateOptionsResult.Success;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{ProviderKey} is PostgreSql but {ConnectionStringKey} is empty. Set it to an Npgsql connection string " +
                "(e.g. Host=db;Port=5432;Database=agent;Username=agent;Password=...), or set the environment variable " +
                "Database__ConnectionString; or remove Database:Provider to use the embedded SQLite files.");
        }
        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(
                $"{ConnectionStringKey} is not a valid Npgsql connection string ({ex.Message}). Write it as key=value pairs " +
                "separated by ';', e.g. Host=db;Database=agent;Username=agent;Password=....");
        }
        return ValidateOptionsResult.Success;
    }
}
