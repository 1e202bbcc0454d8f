using System.Globalization;

namespace Agent.Server.Api;

/// <summary>Reads query-string parameters and says which one is wrong when a value does not parse.</summary>
public static class ApiQuery
{
    /// <summary>An integer parameter in [min, max], or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="ApiBadRequestException">The value is not an integer in range.</exception>
    public static int Int(IQueryCollection query, string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var raw = query[name].ToString();
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new ApiBadRequestException($"Query parameter '{name}' must be an integer from {min} to {max}; got '{raw}'.");
        return value;
    }
}
