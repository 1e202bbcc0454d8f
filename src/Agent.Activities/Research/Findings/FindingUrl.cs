namespace Agent.Activities.Research.Findings;

/// <summary>
/// The comparable form of an address, so one page reached twice (http and https, with a fragment, a trailing slash,
/// tracking parameters, <c>www.</c>) is one finding.
/// </summary>
public static class FindingUrl
{
    /// <summary>The normalized form of <paramref name="url"/>; the text itself, lower-cased, when it is no absolute address.</summary>
    public static string Normalize(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return url.Trim().ToLowerInvariant();
        var host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port;
        var path = uri.AbsolutePath.TrimEnd('/');
        var query = string.Join("&", uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("utm_", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal));
        return $"{host}{port}{path}{(query.Length > 0 ? "?" + query : "")}";
    }

    /// <summary>Whether <paramref name="text"/> is an absolute http(s) address.</summary>
    public static bool IsHttp(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
