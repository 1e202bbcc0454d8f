using System.Net;

namespace Agent.Server.Tests.Deploy;

/// <summary>
/// The Dockerfile and docker-compose.yml agree with the server and with each other: images, non-root user, volumes,
/// port, health check path, the pinned Claude CLI, secrets from the environment. Every probe path any deployment file
/// names answers 200 on a started server.
/// </summary>
[TestClass]
public sealed class ContainerFileTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public void The_Dockerfile_builds_on_the_sdk_runs_on_aspnet_as_non_root_with_volumes_port_and_health_check()
    {
        var docker = Dockerfile.Load(DeployFiles.Dockerfile);
        var from = docker.Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments.Split(' ')[0]).ToList();
        Assert.AreEqual("mcr.microsoft.com/dotnet/sdk:10.0", from[0], "the build stage");
        Assert.AreEqual("mcr.microsoft.com/dotnet/aspnet:10.0", from[^1], "the runtime stage");

        var user = docker.User().Split(':')[0];
        Assert.IsFalse(user is "0" or "root", $"the image runs as a non-root user, not '{user}'");
        var env = docker.Environment();
        var volumes = docker.Volumes();
        CollectionAssert.IsSubsetOf(new[] { "/data", "/workspaces", "/logs" }, volumes);
        Assert.IsTrue(volumes.Any(v => env["Agent__DataDirectory"].StartsWith(v, StringComparison.Ordinal)), "the data directory is on a volume");
        Assert.IsTrue(volumes.Any(v => env["Claude__RunLogPath"].StartsWith(v, StringComparison.Ordinal)), "the run log is on a volume");

        var port = new Uri(env["Server__Urls"].Replace("+", "localhost", StringComparison.Ordinal)).Port;
        CollectionAssert.Contains(docker.ExposedPorts(), port, "EXPOSE names the port Kestrel listens on");
        var health = docker.HealthCheckUrl();
        Assert.AreEqual(port, health.Port, "HEALTHCHECK asks the port Kestrel listens on");
        Assert.AreEqual(Health.HealthEndpoints.LivePath, health.AbsolutePath);

        var command = docker.Command();
        CollectionAssert.AreEqual(new[] { "dotnet", docker.Publish().Output + "/agent.dll", "serve" }, command, "the entrypoint runs agent serve from the publish output");
        Assert.AreEqual(docker.Publish().Output, env["AGENT_ROOT"], "the content root is the app folder holding workflows and tools");
    }

    [TestMethod]
    public void The_image_installs_the_Claude_CLI_pinned_in_tools_claude_code_with_git_and_node()
    {
        var docker = Dockerfile.Load(DeployFiles.Dockerfile);
        var text = File.ReadAllText(DeployFiles.Dockerfile);
        Assert.IsTrue(docker.Instructions.Any(i => i.Keyword == "COPY" && i.Arguments.Contains("tools/claude-code/package-lock.json", StringComparison.Ordinal)), "the lock file pins the version");
        Assert.IsTrue(docker.Instructions.Any(i => i.Keyword == "RUN" && i.Arguments.Contains("npm ci --prefix tools/claude-code", StringComparison.Ordinal)), "npm ci installs exactly the locked version");
        Assert.IsFalse(text.Contains("@anthropic-ai/claude-code@", StringComparison.Ordinal), "no second, hard-coded version of the CLI");
        var runtimeInstall = string.Join(' ', docker.Runtime.Where(i => i.Keyword == "RUN").Select(i => i.Arguments));
        foreach (var package in new[] { "git", "nodejs", "curl" })
            StringAssert.Contains(runtimeInstall, $" {package} ", $"the runtime image has {package}");
        Assert.IsTrue(docker.Runtime.Any(i => i.Keyword == "COPY" && i.Arguments.Contains("/app/tools", StringComparison.Ordinal)), "the runtime stage takes the installed tools");
        // The .dockerignore keeps local installs and databases out of the build context.
        var ignored = File.ReadAllLines(Path.Combine(AgentRepository.Root, ".dockerignore"));
        foreach (var entry in new[] { "**/node_modules/", "**/bin/", "**/obj/", ".data/", "**/secrets.env" })
            CollectionAssert.Contains(ignored, entry);
    }

    [TestMethod]
    public void Compose_runs_the_agent_on_postgres_with_secrets_from_the_environment_volumes_and_health_checks()
    {
        var compose = Yaml.Documents(File.ReadAllText(DeployFiles.Compose)).Single();
        var postgres = compose.At("services", "postgres");
        var agent = compose.At("services", "agent");
        Assert.AreEqual("postgres:15", postgres.Text("image"));
        Assert.AreEqual("service_healthy", agent.Text("depends_on", "postgres", "condition"));
        Assert.IsNotNull(postgres.At("healthcheck", "test"), "postgres has a health check");
        Assert.IsNotNull(agent.At("healthcheck", "test"), "the agent has a health check");

        var env = agent.Map("environment");
        Assert.AreEqual("PostgreSql", env["Database__Provider"]);
        StringAssert.StartsWith((string)env["ANTHROPIC_API_KEY"]!, "${ANTHROPIC_API_KEY", "the API key comes from the environment");
        StringAssert.Contains((string)env["Database__ConnectionString"]!, "Host=postgres;");
        StringAssert.Contains((string)env["Database__ConnectionString"]!, "Password=${POSTGRES_PASSWORD");
        StringAssert.StartsWith((string)postgres.Map("environment")["POSTGRES_PASSWORD"]!, "${POSTGRES_PASSWORD");
        foreach (var (name, value) in env.Concat(postgres.Map("environment")))
            if (name.Contains("KEY", StringComparison.OrdinalIgnoreCase) || name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase))
                StringAssert.Contains((string)value!, "${", $"{name} comes from the environment, not the file");

        var declared = compose.Map("volumes").Keys.ToHashSet();
        var mounts = agent.List("volumes").Cast<string>().Select(v => v.Split(':')).ToDictionary(v => v[1], v => v[0]);
        var docker = Dockerfile.Load(DeployFiles.Dockerfile);
        foreach (var volume in docker.Volumes())
        {
            Assert.IsTrue(mounts.ContainsKey(volume), $"the agent mounts a volume at {volume}, the image's VOLUME");
            Assert.IsTrue(declared.Contains(mounts[volume]), $"{mounts[volume]} is a named volume");
        }
        var port = new Uri(docker.Environment()["Server__Urls"].Replace("+", "localhost", StringComparison.Ordinal)).Port;
        CollectionAssert.Contains(agent.List("ports").Cast<string>().Select(p => int.Parse(p.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList(), port);
    }

    [TestMethod]
    public async Task Every_probe_path_the_deployment_files_name_answers_200_on_a_started_server()
    {
        var paths = new HashSet<string> { Dockerfile.Load(DeployFiles.Dockerfile).HealthCheckUrl().AbsolutePath };
        var compose = Yaml.Documents(File.ReadAllText(DeployFiles.Compose)).Single();
        paths.Add(new Uri(compose.List("services", "agent", "healthcheck", "test").Cast<string>().Single(a => a.StartsWith("http", StringComparison.Ordinal))).AbsolutePath);
        using (var kustomize = Kustomize.Copy())
            foreach (var overlay in Kustomize.Overlays())
                foreach (var deployment in (await kustomize.RenderAsync(overlay, Token)).OfKind("Deployment"))
                    foreach (var container in deployment.List("spec", "template", "spec", "containers"))
                        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
                            if (container.Text(probe, "httpGet", "path") is { } path) paths.Add(path);
        CollectionAssert.IsSubsetOf(new[] { "/health/live", "/health/ready" }, paths.ToList());

        await using var server = await StudioServer.StartAsync(Token);
        using var site = server.Site();
        await HealthProbeTests.WaitForReadyAsync(site, Token);
        foreach (var path in paths)
            Assert.AreEqual(HttpStatusCode.OK, (await site.GetAsync(path, Token)).StatusCode, $"{path} answers without a token");
    }
}
