using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery;

/// <summary>Checks <see cref="DiscoveryOptions"/> on start: its annotated rules and every configured server entry.</summary>
public sealed class DiscoveryOptionsValidator : IValidateOptions<DiscoveryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DiscoveryOptions options)
    {
        var errors = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            errors.AddRange(results.Select(r => $"{nameof(DiscoveryOptions)}: {r.ErrorMessage}"));
        foreach (var (server, entry) in options.Servers)
        {
            try
            {
                McpServerConfigReader.FromOptions(server, entry, $"{DiscoveryOptions.SectionName}:Servers", McpServerSource.Agent, null);
            }
            catch (McpConfigException e)
            {
                errors.Add(e.Message);
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
