using System.Globalization;

namespace Agent.Server.Tests.Deploy;

/// <summary>
/// The rules every rendered overlay keeps, as a list of broken ones (empty = all kept): replicas above one only on
/// PostgreSQL, resources set, non-root, probes on the server's real endpoints and port, no secret outside a Secret.
/// A function rather than assertions so a test can also prove each rule catches a broken manifest.
/// </summary>
internal static class ManifestInvariants
{
    /// <summary>Environment variables that carry secrets and must come from a Secret.</summary>
    public static readonly string[] SecretVariables = ["ANTHROPIC_API_KEY", "Auth__SigningKey"];

    private static readonly string[] SecretWords = ["PASSWORD", "APIKEY", "API_KEY", "SECRET", "SIGNINGKEY", "TOKEN"];

    public static List<string> Check(RenderedOverlay overlay, IReadOnlyCollection<string> realProbePaths)
    {
        var problems = new List<string>();
        var configMaps = overlay.OfKind("ConfigMap").ToDictionary(c => c.Text("metadata", "name")!, c => c.Map("data"));
        var secrets = overlay.OfKind("Secret").ToDictionary(s => s.Text("metadata", "name")!, s => s.Map("data").Keys.Concat(s.Map("stringData").Keys).ToHashSet());
        var deployments = overlay.OfKind("Deployment").ToList();
        if (deployments.Count == 0) problems.Add("no Deployment");
        foreach (var deployment in deployments)
        {
            var name = deployment.Describe();
            var replicas = Convert.ToInt32(deployment.At("spec", "replicas") ?? "1", CultureInfo.InvariantCulture);
            var pod = deployment.At("spec", "template", "spec");
            var settings = new Dictionary<string, string>();
            foreach (var container in pod.List("containers"))
                foreach (var from in container.List("envFrom"))
                    if (from.Text("configMapRef", "name") is { } map && configMaps.TryGetValue(map, out var data))
                        foreach (var (key, value) in data) settings[key] = value as string ?? "";
            var provider = settings.GetValueOrDefault("Database__Provider");
            if (replicas >= 2 && provider != "PostgreSql")
                problems.Add($"{name}: {replicas} replicas need Database__Provider=PostgreSql (SQLite is one process's file), not '{provider}'");
            // The replica-down alert compares the replicas Prometheus sees with this gauge (docs/production/observability.md).
            if (settings.GetValueOrDefault("Telemetry__ExpectedReplicas") != replicas.ToString(CultureInfo.InvariantCulture))
                problems.Add($"{name}: {replicas} replicas but Telemetry__ExpectedReplicas is '{settings.GetValueOrDefault("Telemetry__ExpectedReplicas")}'; set it to the replica count so the replica-down alert is right");
            if (replicas >= 2 && !overlay.OfKind("PodDisruptionBudget").Any(p => Convert.ToInt32(p.At("spec", "minAvailable") ?? "0", CultureInfo.InvariantCulture) >= 1))
                problems.Add($"{name}: {replicas} replicas without a PodDisruptionBudget of minAvailable >= 1");
            if (pod.At("securityContext", "runAsNonRoot") as string != "true") problems.Add($"{name}: the pod does not set runAsNonRoot: true");
            if (pod.Text("securityContext", "runAsUser") is "0" or null) problems.Add($"{name}: the pod does not run as a non-zero runAsUser");
            var port = Uri.TryCreate(settings.GetValueOrDefault("Server__Urls", "").Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var url) ? url.Port : -1;
            if (port < 0) problems.Add($"{name}: the ConfigMap sets no Server__Urls to compare the probe port with");
            foreach (var container in pod.List("containers"))
                problems.AddRange(CheckContainer(name, container, port, secrets, realProbePaths));
        }
        foreach (var document in overlay.Documents.Where(d => d.Text("kind") is not "Secret"))
        {
            var text = new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(document);
            foreach (var value in overlay.SecretValues.Where(v => text.Contains(v, StringComparison.Ordinal)))
                problems.Add($"{document.Describe()}: holds the secret value '{value}' inline; reference the Secret instead");
        }
        foreach (var (map, data) in configMaps)
            foreach (var key in data.Keys.Where(LooksSecret))
                problems.Add($"ConfigMap {map}: key '{key}' looks like a secret; put it in the Secret and use secretKeyRef");
        return problems;
    }

    private static IEnumerable<string> CheckContainer(string deployment, object? container, int port, Dictionary<string, HashSet<string>> secrets, IReadOnlyCollection<string> realProbePaths)
    {
        var name = $"{deployment} container {container.Text("name")}";
        foreach (var kind in new[] { "requests", "limits" })
            foreach (var resource in new[] { "cpu", "memory" })
                if (container.At("resources", kind, resource) is null) yield return $"{name}: no resources.{kind}.{resource}";
        if (container.Text("securityContext", "allowPrivilegeEscalation") != "false") yield return $"{name}: allowPrivilegeEscalation is not false";
        var ports = container.List("ports").ToDictionary(p => p.Text("name") ?? p.Text("containerPort")!, p => int.Parse(p.Text("containerPort")!, CultureInfo.InvariantCulture));
        foreach (var (probe, expected) in new[] { ("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready"), ("startupProbe", null) })
        {
            var get = container.At(probe, "httpGet");
            if (get is null) { if (expected is not null) yield return $"{name}: no {probe} with httpGet"; continue; }
            var path = get.Text("path");
            if (expected is not null && path != expected) yield return $"{name}: {probe} GETs '{path}', not {expected}";
            if (path is null || !realProbePaths.Contains(path)) yield return $"{name}: {probe} GETs '{path}', which the server does not serve";
            var probePort = get.Text("port") is { } p && ports.TryGetValue(p, out var named) ? named : int.TryParse(get.Text("port"), out var number) ? number : -1;
            if (probePort != port) yield return $"{name}: {probe} uses port {probePort} but the server listens on {port} (Server__Urls)";
        }
        var env = container.List("env").ToDictionary(e => e.Text("name")!, e => e);
        foreach (var variable in SecretVariables.Where(v => !env.ContainsKey(v))) yield return $"{name}: no {variable} from the Secret";
        foreach (var (variable, entry) in env.Where(e => LooksSecret(e.Key)))
        {
            var secret = entry.Text("valueFrom", "secretKeyRef", "name");
            var key = entry.Text("valueFrom", "secretKeyRef", "key");
            if (secret is null || key is null) yield return $"{name}: {variable} is not taken from a Secret (secretKeyRef)";
            else if (!secrets.TryGetValue(secret, out var keys) || !keys.Contains(key)) yield return $"{name}: {variable} names Secret {secret} key {key}, which the overlay does not render";
        }
        foreach (var (variable, entry) in env)
            if (entry.Text("value") is { } value && value.Contains("Password=", StringComparison.OrdinalIgnoreCase) && !value.Contains("Password=$(", StringComparison.OrdinalIgnoreCase))
                yield return $"{name}: {variable} has a password inline; use $(POSTGRES_PASSWORD) from the Secret";
    }

    private static bool LooksSecret(string name)
    {
        var upper = name.ToUpperInvariant().Replace("__", "", StringComparison.Ordinal);
        return SecretWords.Any(w => upper.Contains(w, StringComparison.Ordinal));
    }
}
