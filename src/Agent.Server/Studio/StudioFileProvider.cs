using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Agent.Server.Studio;

/// <summary>
/// The package's files minus the two we replace with our own: its <c>index.html</c> (a demo page) and its
/// <c>appsettings.json</c> (which points at another server).
/// </summary>
public sealed class StudioFileProvider(IFileProvider inner) : IFileProvider
{
    private static readonly string[] Hidden = ["/index.html", "/appsettings.json", "/appsettings.json.br", "/appsettings.json.gz"];

    /// <inheritdoc />
    public IFileInfo GetFileInfo(string subpath) =>
        IsHidden(subpath) ? new NotFoundFileInfo(subpath) : inner.GetFileInfo(subpath);

    /// <inheritdoc />
    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    /// <inheritdoc />
    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private static bool IsHidden(string subpath) =>
        Hidden.Any(h => string.Equals(h, "/" + subpath.TrimStart('/'), StringComparison.OrdinalIgnoreCase));
}
