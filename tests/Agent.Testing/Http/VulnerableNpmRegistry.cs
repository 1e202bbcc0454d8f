using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Agent.Testing.Http;

/// <summary>
/// A loopback npm registry that serves one package, <c>minimist@0.0.8</c> (packument and a real tarball, so <c>npm ci</c>
/// installs it offline), and answers npm's bulk advisory endpoint (<c>POST /-/npm/v1/security/advisories/bulk</c>, a
/// gzipped <c>{"name": ["version", …]}</c>) with one high-severity advisory for it, in the endpoint's shape: keyed by
/// package, each advisory with <c>id</c>, <c>url</c>, <c>title</c>, <c>severity</c>, <c>vulnerable_versions</c>,
/// <c>cwe</c>. Real npm pointed at it (an <c>.npmrc</c> in the project) reports the package as vulnerable.
/// </summary>
public sealed class VulnerableNpmRegistry : IAsyncDisposable
{
    /// <summary>The package the registry serves.</summary>
    public const string Package = "minimist";
    /// <summary>Its one vulnerable version.</summary>
    public const string Version = "0.0.8";
    /// <summary>The advisory the bulk endpoint answers with.</summary>
    public const string AdvisoryUrl = "https://github.com/advisories/GHSA-xvch-5gv4-984h";
    /// <summary>npm's bulk advisory endpoint.</summary>
    public const string BulkPath = "/-/npm/v1/security/advisories/bulk";
    private const string TarballPath = "/" + Package + "/-/" + Package + "-" + Version + ".tgz";

    private VulnerableNpmRegistry(LoopbackHttpServer server, byte[] tarball)
    {
        Server = server;
        Integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball));
    }

    /// <summary>The server, for the requests it received.</summary>
    public LoopbackHttpServer Server { get; }

    /// <summary>The tarball's <c>integrity</c>, as a lockfile records it.</summary>
    public string Integrity { get; }

    private string TarballUrl => new Uri(Server.BaseAddress, TarballPath).ToString();

    /// <summary>The <c>.npmrc</c> that points npm at this registry.</summary>
    public string Npmrc => $"registry={Server.BaseAddress}\nfetch-retries=0\nfund=false\nupdate-notifier=false\n";

    /// <summary>A v3 lockfile without registry addresses (npm resolves the tarball from the packument), for a script that cannot know the port.</summary>
    public const string PortableLockfile = """
        {
          "name": "node-strings",
          "version": "1.0.0",
          "lockfileVersion": 3,
          "requires": true,
          "packages": {
            "": { "name": "node-strings", "version": "1.0.0", "dependencies": { "minimist": "0.0.8" } },
            "node_modules/minimist": { "version": "0.0.8", "license": "MIT" }
          }
        }

        """;

    /// <summary>A v3 lockfile for a project named <paramref name="name"/> depending on the vulnerable package.</summary>
    public string Lockfile(string name, string version) => $$"""
        {
          "name": "{{name}}",
          "version": "{{version}}",
          "lockfileVersion": 3,
          "requires": true,
          "packages": {
            "": { "name": "{{name}}", "version": "{{version}}", "dependencies": { "{{Package}}": "{{Version}}" } },
            "node_modules/{{Package}}": {
              "version": "{{Version}}",
              "resolved": "{{TarballUrl}}",
              "integrity": "{{Integrity}}",
              "license": "MIT"
            }
          }
        }

        """;

    /// <summary>Starts the registry on a free loopback port.</summary>
    public static VulnerableNpmRegistry Start()
    {
        var tarball = Tarball();
        var server = new LoopbackHttpServer();
        server
            .Map(TarballPath, new LoopbackResponse(200, "", "application/octet-stream") { Bytes = tarball })
            .Map(BulkPath, LoopbackResponse.Json($$"""
                { "{{Package}}": [ { "id": 1179, "url": "{{AdvisoryUrl}}", "title": "Prototype Pollution in minimist",
                  "severity": "high", "vulnerable_versions": "<0.2.4", "cwe": ["CWE-1321"],
                  "cvss": { "score": 7.5, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N" } } ] }
                """))
            .Map("/" + Package, _ => LoopbackResponse.Json($$"""
                { "name": "{{Package}}", "dist-tags": { "latest": "1.2.8" },
                  "versions": {
                    "{{Version}}": { "name": "{{Package}}", "version": "{{Version}}", "license": "MIT",
                      "dist": { "tarball": "{{new Uri(server.BaseAddress, TarballPath)}}", "integrity": "sha512-{{Convert.ToBase64String(SHA512.HashData(tarball))}}" } },
                    "1.2.8": { "name": "{{Package}}", "version": "1.2.8", "license": "MIT",
                      "dist": { "tarball": "{{new Uri(server.BaseAddress, "/" + Package + "/-/" + Package + "-1.2.8.tgz")}}" } } } }
                """));
        return new VulnerableNpmRegistry(server, tarball);
    }

    // A real package tarball: package/package.json and package/index.js, gzipped.
    private static byte[] Tarball()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            foreach (var (name, text) in new[]
            {
                ("package/package.json", $$"""{ "name": "{{Package}}", "version": "{{Version}}", "license": "MIT", "main": "index.js" }"""),
                ("package/index.js", "module.exports = (args) => ({ _: args });\n"),
            })
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                });
            }
        }
        return output.ToArray();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
