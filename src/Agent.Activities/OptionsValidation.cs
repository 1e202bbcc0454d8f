using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities;

/// <summary>Binds an options class to its configuration section and checks its data annotations when the host starts.</summary>
public static class OptionsValidation
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/>, validated on start by <see cref="AnnotatedOptionsValidator{T}"/>,
    /// whose messages name the wrong keys by their configuration path.
    /// </summary>
    public static OptionsBuilder<T> BindValidated<T>(this IServiceCollection services, IConfigurationSection section) where T : class
    {
        var builder = services.AddOptions<T>().Bind(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new AnnotatedOptionsValidator<T>(section.Path)));
        return builder.ValidateOnStart();
    }
}

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
