using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent.Activities.Discovery.Registry;

/// <summary>
/// An MCP server as the MCP Registry describes it (<c>server.json</c>): a reverse-DNS name, a concrete version, and
/// how to get it — packages to install and/or remote endpoints. Unknown fields are ignored.
/// </summary>
public sealed record ServerJson
{
    /// <summary>The server's name, e.g. <c>io.github.modelcontextprotocol/server-memory</c>.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>What it does, in one line.</summary>
    [JsonPropertyName("description")] public string? Description { get; init; }

    /// <summary>The server's version (concrete, not a range).</summary>
    [JsonPropertyName("version")] public string? Version { get; init; }

    /// <summary>Where its source lives.</summary>
    [JsonPropertyName("repository")] public ServerRepository? Repository { get; init; }

    /// <summary>Installable packages (npm, pypi, nuget, oci, mcpb).</summary>
    [JsonPropertyName("packages")] public IReadOnlyList<ServerPackage> Packages { get; init; } = [];

    /// <summary>Endpoints that need no install.</summary>
    [JsonPropertyName("remotes")] public IReadOnlyList<ServerRemote> Remotes { get; init; } = [];
}

/// <summary>A server's source repository.</summary>
public sealed record ServerRepository
{
    /// <summary>The repository's address.</summary>
    [JsonPropertyName("url")] public string? Url { get; init; }

    /// <summary>The hosting service, e.g. <c>github</c>.</summary>
    [JsonPropertyName("source")] public string? Source { get; init; }
}

/// <summary>One installable package of a server.</summary>
public sealed record ServerPackage
{
    /// <summary><c>npm</c>, <c>pypi</c>, <c>nuget</c>, <c>oci</c> or <c>mcpb</c>.</summary>
    [JsonPropertyName("registryType")] public string RegistryType { get; init; } = "";

    /// <summary>The package registry's address, when not the public default.</summary>
    [JsonPropertyName("registryBaseUrl")] public string? RegistryBaseUrl { get; init; }

    /// <summary>The package's name in its registry, e.g. <c>@modelcontextprotocol/server-memory</c>.</summary>
    [JsonPropertyName("identifier")] public string Identifier { get; init; } = "";

    /// <summary>The pinned package version.</summary>
    [JsonPropertyName("version")] public string? Version { get; init; }

    /// <summary>How a client talks to it once started.</summary>
    [JsonPropertyName("transport")] public PackageTransport? Transport { get; init; }

    /// <summary>The launcher the package expects, e.g. <c>npx</c>.</summary>
    [JsonPropertyName("runtimeHint")] public string? RuntimeHint { get; init; }

    /// <summary>Arguments for the runtime (before the package).</summary>
    [JsonPropertyName("runtimeArguments")] public IReadOnlyList<PackageArgument> RuntimeArguments { get; init; } = [];

    /// <summary>Arguments for the server (after the package).</summary>
    [JsonPropertyName("packageArguments")] public IReadOnlyList<PackageArgument> PackageArguments { get; init; } = [];

    /// <summary>Environment variables the server reads.</summary>
    [JsonPropertyName("environmentVariables")] public IReadOnlyList<PackageEnvironmentVariable> EnvironmentVariables { get; init; } = [];
}

/// <summary>A package's transport.</summary>
public sealed record PackageTransport
{
    /// <summary><c>stdio</c>, <c>streamable-http</c> or <c>sse</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "stdio";

    /// <summary>The endpoint of an HTTP transport.</summary>
    [JsonPropertyName("url")] public string? Url { get; init; }
}

/// <summary>A runtime or package argument: a positional value, or a named one (<c>--name value</c>).</summary>
public sealed record PackageArgument
{
    /// <summary><c>positional</c> or <c>named</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "positional";

    /// <summary>The flag of a named argument, e.g. <c>--port</c>.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>The value.</summary>
    [JsonPropertyName("value")] public string? Value { get; init; }

    /// <summary>The value when none is given.</summary>
    [JsonPropertyName("default")] public string? Default { get; init; }

    /// <summary>Whether the server cannot start without it.</summary>
    [JsonPropertyName("isRequired")] public bool IsRequired { get; init; }
}

/// <summary>An environment variable a package reads.</summary>
public sealed record PackageEnvironmentVariable
{
    /// <summary>The variable's name.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>What it is for.</summary>
    [JsonPropertyName("description")] public string? Description { get; init; }

    /// <summary>Whether the server cannot start without it.</summary>
    [JsonPropertyName("isRequired")] public bool IsRequired { get; init; }

    /// <summary>Whether it holds a secret (never written into <c>.mcp.json</c> by value).</summary>
    [JsonPropertyName("isSecret")] public bool IsSecret { get; init; }

    /// <summary>The value used when none is configured.</summary>
    [JsonPropertyName("default")] public string? Default { get; init; }
}

/// <summary>A remote endpoint of a server.</summary>
public sealed record ServerRemote
{
    /// <summary><c>streamable-http</c> or <c>sse</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "";

    /// <summary>The endpoint.</summary>
    [JsonPropertyName("url")] public string Url { get; init; } = "";
}

/// <summary>One entry of a registry listing: the server and the registry's metadata about it.</summary>
public sealed record RegistryEntry
{
    /// <summary>The server.json.</summary>
    [JsonPropertyName("server")] public ServerJson Server { get; init; } = new();

    /// <summary>The registry's own metadata (status, publish dates), kept as given.</summary>
    [JsonPropertyName("_meta")] public JsonElement? Meta { get; init; }
}

/// <summary>A registry listing page.</summary>
public sealed record RegistryPage
{
    /// <summary>The servers of this page (required: a body without it is not a listing).</summary>
    [JsonRequired, JsonPropertyName("servers")] public IReadOnlyList<RegistryEntry> Servers { get; init; } = [];

    /// <summary>Paging metadata.</summary>
    [JsonPropertyName("metadata")] public RegistryPageMetadata? Metadata { get; init; }
}

/// <summary>Paging metadata of a listing.</summary>
public sealed record RegistryPageMetadata
{
    /// <summary>The cursor of the next page; absent on the last page.</summary>
    [JsonPropertyName("nextCursor")] public string? NextCursor { get; init; }

    /// <summary>How many servers this page holds.</summary>
    [JsonPropertyName("count")] public int? Count { get; init; }
}
