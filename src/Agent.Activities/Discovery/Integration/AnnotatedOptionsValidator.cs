using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Integration;

/// <summary>Validates options by their data annotations, naming every key that is wrong (e.g. <c>Discovery:Registry:BaseUrl</c>).</summary>
/// <typeparam name="T">The options class.</typeparam>
/// <param name="section">The configuration section, for the messages.</param>
public sealed class AnnotatedOptionsValidator<T>(string section) : IValidateOptions<T> where T : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)) return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
