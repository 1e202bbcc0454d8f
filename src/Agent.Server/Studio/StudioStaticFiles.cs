using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Agent.Server.Studio;

/// <summary>
/// Serves the Studio package under <see cref="StudioPages.BasePath"/> with the types Blazor WebAssembly needs
/// (<c>application/wasm</c>; <c>.dat</c>, <c>.blat</c>, <c>.dll</c> as bytes), and the package's precompressed
/// <c>.br</c>/<c>.gz</c> sibling when the browser accepts it.
/// </summary>
public static class StudioStaticFiles
{
    private const string EncodedKey = "agent.studio.encoded-from";

    /// <summary>Adds the middleware; a missing package is logged, and the host pages then say how to install it.</summary>
    public static IApplicationBuilder UseStudioStaticFiles(this WebApplication app)
    {
        var folder = StudioPackage.Folder(app.Services);
        if (!Directory.Exists(Path.Combine(folder, "_framework")))
        {
            app.Logger.LogWarning("Elsa Studio is not installed at {Folder}; run tools/elsa-studio/ensure-installed.sh (./run.sh does) to serve /studio.", folder);
            return app;
        }
        var files = new StudioFileProvider(new PhysicalFileProvider(folder));
        var types = ContentTypes();
        app.Use((context, next) =>
        {
            PreferCompressed(context, files);
            return next(context);
        });
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = StudioPages.BasePath,
            FileProvider = files,
            ContentTypeProvider = types,
            OnPrepareResponse = ctx =>
            {
                if (ctx.Context.Items[EncodedKey] is not string original) return;
                // The body is the compressed sibling; its type is the original file's.
                if (types.TryGetContentType(original, out var type)) ctx.Context.Response.ContentType = type;
            },
        });
    }

    private static void PreferCompressed(HttpContext context, IFileProvider files)
    {
        var path = context.Request.Path;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)) return;
        if (!path.StartsWithSegments(StudioPages.BasePath, out var rest) || !rest.HasValue) return;
        if (rest.Value!.EndsWith(".br", StringComparison.Ordinal) || rest.Value.EndsWith(".gz", StringComparison.Ordinal)) return;
        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        foreach (var (encoding, extension) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (!accepted.Contains(encoding, StringComparison.OrdinalIgnoreCase)) continue;
            if (!files.GetFileInfo(rest.Value + extension).Exists) continue;
            context.Items[EncodedKey] = rest.Value;
            context.Request.Path = path + extension;
            context.Response.Headers[HeaderNames.ContentEncoding] = encoding;
            context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
            return;
        }
    }

    private static FileExtensionContentTypeProvider ContentTypes()
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".wasm"] = "application/wasm";
        types.Mappings[".dat"] = "application/octet-stream";
        types.Mappings[".blat"] = "application/octet-stream";
        types.Mappings[".dll"] = "application/octet-stream";
        types.Mappings[".pdb"] = "application/octet-stream";
        types.Mappings[".br"] = "application/octet-stream";
        types.Mappings[".gz"] = "application/octet-stream";
        types.Mappings[".webmanifest"] = "application/manifest+json";
        types.Mappings[".json"] = "application/json";
        return types;
    }
}

/// <summary>Finds the installed package folder from <see cref="StudioOptions"/>.</summary>
public static class StudioPackage
{
    /// <summary>The absolute package folder.</summary>
    public static string Folder(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StudioOptions>>().Value;
        var root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return Path.GetFullPath(options.PackageDirectory, root);
    }

    /// <summary>True when the package's <c>_framework</c> folder exists.</summary>
    public static bool IsInstalled(IServiceProvider services) => Directory.Exists(Path.Combine(Folder(services), "_framework"));
}
