using Agent.Testing.Http;

namespace Agent.Activities.Tests.Safety.Scanning;

/// <summary>
/// A loopback npm registry that knows one package, <c>minimist@0.0.8</c> (its packument), and answers npm's bulk advisory
/// endpoint (<c>POST /-/npm/v1/security/advisories/bulk</c>, a gzipped <c>{"name": ["version", …]}</c>) with one
/// high-severity advisory for it, in the endpoint's shape: keyed by package, each advisory with <c>id</c>, <c>url</c>,
/// <c>title</c>, <c>severity</c>, <c>vulnerable_versions</c>, <c>cwe</c>. Real <c>npm audit</c> pointed at it (an
/// <c>.npmrc</c> in the project) reports the package as vulnerable, offline.
/// </summary>
internal sealed class VulnerableNpmRegistry : IAsyncDisposable
{
    public const string Package = "minimist";
    public const string Version = "0.0.8";
    public const string AdvisoryUrl = "https://github.com/advisories/GHSA-xvch-5gv4-984h";
    public const string BulkPath = "/-/npm/v1/security/advisories/bulk";

    private VulnerableNpmRegistry(LoopbackHttpServer server) => Server = server;

    public LoopbackHttpServer Server { get; }

    /// <summary>The <c>.npmrc</c> that points npm at this registry.</summary>
    public string Npmrc => $"registry={Server.BaseAddress}\nfetch-retries=0\naudit=false\nfund=false\nupdate-notifier=false\n";

    /// <summary>The package.json dependency entry and a v3 lockfile for a project named <paramref name="name"/> depending on the vulnerable package.</summary>
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
              "resolved": "{{Server.BaseAddress}}{{Package}}/-/{{Package}}-{{Version}}.tgz",
              "license": "MIT"
            }
          }
        }

        """;

    public static VulnerableNpmRegistry Start()
    {
        var server = new LoopbackHttpServer()
            .Map(BulkPath, LoopbackResponse.Json($$"""
                { "{{Package}}": [ { "id": 1179, "url": "{{AdvisoryUrl}}", "title": "Prototype Pollution in minimist",
                  "severity": "high", "vulnerable_versions": "<0.2.4", "cwe": ["CWE-1321"],
                  "cvss": { "score": 7.5, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N" } } ] }
                """))
            .Map("/" + Package, _ => LoopbackResponse.Json($$"""
                { "name": "{{Package}}", "dist-tags": { "latest": "1.2.8" },
                  "versions": {
                    "0.0.8": { "name": "{{Package}}", "version": "0.0.8", "license": "MIT", "dist": { "tarball": "http://127.0.0.1/none.tgz" } },
                    "1.2.8": { "name": "{{Package}}", "version": "1.2.8", "license": "MIT", "dist": { "tarball": "http://127.0.0.1/none.tgz" } } } }
                """));
        return new VulnerableNpmRegistry(server);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
