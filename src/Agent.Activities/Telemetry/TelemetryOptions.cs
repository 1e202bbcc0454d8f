using System.ComponentModel.DataAnnotations;

namespace Agent.Activities.Telemetry;

/// <summary>Metrics and traces, bound from the <c>Telemetry</c> configuration section (docs/production/observability.md).</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>Whether <c>agent serve</c> exports metrics and traces at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where Prometheus scrapes the metrics; must start with <c>/</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Whether the metrics path needs the API's login (API key or token). Off by default: Prometheus scrapes without
    /// credentials, and the metrics hold counts and ages, no code, prompts or secrets. Turn it on when the port is reachable
    /// from outside the cluster, and give Prometheus an API key (<c>authorization: { type: ApiKey, credentials: … }</c>).
    /// </summary>
    public bool MetricsRequireAuth { get; set; }

    /// <summary>This replica's name in the lease-takeover counter; empty = the machine (pod) name.</summary>
    public string ReplicaName { get; set; } = "";

    /// <summary>How many replicas should be up; exported as <c>agent_cluster_expected_replicas</c> for the replica-down alert.</summary>
    [Range(1, 1000)]
    public int ExpectedReplicas { get; set; } = 1;

    /// <summary>How long one store read of a scrape may take before that gauge is left out of it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan StoreReadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The OTLP trace exporter.</summary>
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>The replica name in force: <see cref="ReplicaName"/>, else the machine name.</summary>
    public string Replica => string.IsNullOrWhiteSpace(ReplicaName) ? Environment.MachineName : ReplicaName.Trim();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MetricsPath.StartsWith('/') || MetricsPath.Contains('?'))
            yield return new ValidationResult($"'{MetricsPath}' is not a path; give one starting with '/', e.g. /metrics.", [nameof(MetricsPath)]);
        if (Otlp.Endpoint is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            yield return new ValidationResult($"'{endpoint}' is not an http(s) URL; give the collector's OTLP address, e.g. http://otel-collector:4317, or leave it empty to turn OTLP off.", ["Otlp:Endpoint"]);
        if (Otlp.Protocol is not ("grpc" or "http/protobuf"))
            yield return new ValidationResult($"'{Otlp.Protocol}' is not an OTLP protocol; use grpc or http/protobuf.", ["Otlp:Protocol"]);
    }
}

/// <summary>Where traces are sent over OTLP.</summary>
public sealed class OtlpOptions
{
    /// <summary>The collector's address, e.g. <c>http://otel-collector:4317</c>; empty = no OTLP export.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318, the endpoint then ends in <c>/v1/traces</c>).</summary>
    public string Protocol { get; set; } = "grpc";
}
