namespace Agent.Server.Tests.Deploy;

/// <summary>The deployment files of the repository the deploy tests read.</summary>
internal static class DeployFiles
{
    public static string Dockerfile => Path.Combine(AgentRepository.Root, "Dockerfile");

    public static string Compose => Path.Combine(AgentRepository.Root, "docker-compose.yml");

    public static string Kubernetes => Path.Combine(AgentRepository.Root, "deploy", "k8s");

    /// <summary>Every YAML file under deploy/k8s plus docker-compose.yml.</summary>
    public static IEnumerable<string> AllYaml() =>
        Directory.GetFiles(Kubernetes, "*.yaml", SearchOption.AllDirectories).Append(Compose).Order();

    /// <summary>The paths <c>agent serve</c> serves for probes (<see cref="Health.HealthEndpoints"/>).</summary>
    public static readonly string[] ProbePaths = [Health.HealthEndpoints.LivePath, Health.HealthEndpoints.ReadyPath, "/health"];
}
