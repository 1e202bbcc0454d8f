using Agent.Workflows.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Agent.Activities.Persistence;

/// <summary>Refuses a <c>Database</c> section that cannot work: PostgreSQL without a parseable connection string.</summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
        ProblemOf(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    /// <summary>What is wrong with <paramref name="options"/> and what to do, or null when it is usable.</summary>
    public static string? ProblemOf(DatabaseOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
            return $"{DatabaseOptions.SectionName}:Provider '{options.Provider}' is not known; use Sqlite or PostgreSql.";
        if (options.Provider != DatabaseProvider.PostgreSql) return null;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            return $"{DatabaseOptions.SectionName}:Provider is PostgreSql but {DatabaseOptions.SectionName}:ConnectionString is empty; " +
                   "set it to an Npgsql connection string (Host=…;Database=…;Username=…;Password=…) or set the provider back to Sqlite.";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
                return $"{DatabaseOptions.SectionName}:ConnectionString names no Host; add Host=<server> to it.";
        }
        catch (ArgumentException ex)
        {
            return $"{DatabaseOptions.SectionName}:ConnectionString is not a valid Npgsql connection string ({ex.Message}); fix it, e.g. Host=db;Database=agent;Username=agent;Password=….";
        }
        return null;
    }
}
