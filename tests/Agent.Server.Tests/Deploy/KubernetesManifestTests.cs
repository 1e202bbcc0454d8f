using System.Globalization;

namespace Agent.Server.Tests.Deploy;

/// <summary>
/// deploy/k8s parses, renders with the real <c>kubectl kustomize</c> and keeps <see cref="ManifestInvariants"/> in
/// every overlay; each rule is also shown to catch a broken manifest, so a passing run means something.
/// </summary>
[TestClass]
public sealed class KubernetesManifestTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public void Every_manifest_parses_and_names_its_kind()
    {
        var files = DeployFiles.AllYaml().ToList();
        Assert.IsTrue(files.Count >= 10, $"deploy/k8s and docker-compose.yml: {string.Join(", ", files)}");
        foreach (var file in files)
        {
            var documents = Yaml.Documents(File.ReadAllText(file));
            Assert.IsTrue(documents.Count > 0, $"{file} holds a YAML document");
            if (file == DeployFiles.Compose) continue;
            foreach (var document in documents)
                Assert.IsFalse(string.IsNullOrEmpty(document.Text("kind")), $"{file}: every manifest names its kind");
        }
    }

    [TestMethod]
    public async Task Every_overlay_renders_and_keeps_the_invariants()
    {
        using var kustomize = Kustomize.Copy();
        var overlays = Kustomize.Overlays().ToList();
        CollectionAssert.IsSubsetOf(new[] { "dev", "prod" }, overlays);
        foreach (var name in overlays)
        {
            var overlay = await kustomize.RenderAsync(name, Token);
            var problems = ManifestInvariants.Check(overlay, DeployFiles.ProbePaths);
            Assert.AreEqual(0, problems.Count, $"overlay {name}:\n{string.Join("\n", problems)}");
            foreach (var kind in new[] { "Deployment", "Service", "ConfigMap", "Secret", "PersistentVolumeClaim" })
                Assert.IsTrue(overlay.OfKind(kind).Any(), $"overlay {name} renders a {kind}");
        }
    }

    [TestMethod]
    public async Task Prod_runs_three_replicas_on_PostgreSql_with_the_seed_resources_and_dev_one_on_Sqlite()
    {
        using var kustomize = Kustomize.Copy();
        var prod = await kustomize.RenderAsync("prod", Token);
        var deployment = prod.Single("Deployment");
        Assert.AreEqual("3", deployment.Text("spec", "replicas"));
        Assert.AreEqual("PostgreSql", prod.Single("ConfigMap").Text("data", "Database__Provider"));
        var container = deployment.At("spec", "template", "spec", "containers", 0);
        foreach (var kind in new[] { "requests", "limits" })
        {
            Assert.AreEqual("4", container.Text("resources", kind, "cpu"), kind);
            Assert.AreEqual("8Gi", container.Text("resources", kind, "memory"), kind);
        }
        Assert.AreEqual("ReadWriteMany", prod.Single("PersistentVolumeClaim").List("spec", "accessModes").Single(), "replicas share the workspaces");
        Assert.AreEqual("/workspaces", container.List("volumeMounts").Single(m => m.Text("name") == "workspaces").Text("mountPath"));
        var connection = container.List("env").Single(e => e.Text("name") == "Database__ConnectionString").Text("value")!;
        StringAssert.Contains(connection, "Password=$(POSTGRES_PASSWORD)");
        var names = container.List("env").Select(e => e.Text("name")).ToList();
        Assert.IsTrue(names.IndexOf("POSTGRES_PASSWORD") < names.IndexOf("Database__ConnectionString"), "Kubernetes expands $(VAR) only from variables defined before");

        var dev = await kustomize.RenderAsync("dev", Token);
        Assert.AreEqual("1", dev.Single("Deployment").Text("spec", "replicas"));
        Assert.AreEqual("Sqlite", dev.Single("ConfigMap").Text("data", "Database__Provider"));
        var devCpu = dev.Single("Deployment").Text("spec", "template", "spec", "containers", 0, "resources", "limits", "cpu")!;
        Assert.IsTrue(int.Parse(devCpu, CultureInfo.InvariantCulture) < 4, "dev asks for less than prod");
        Assert.IsTrue(dev.OfKind("PersistentVolumeClaim").Any(c => c.Text("metadata", "name") == "agent-data"), "the SQLite files live on a claim");
    }

    [TestMethod]
    public async Task The_invariants_catch_replicas_on_Sqlite_an_inlined_secret_a_wrong_probe_and_root()
    {
        using var kustomize = Kustomize.Copy();
        var dev = Path.Combine(kustomize.Root, "overlays", "dev");
        Replace(Path.Combine(dev, "deployment.yaml"), "replicas: 1", "replicas: 2");
        Replace(Path.Combine(dev, "kustomization.yaml"), "- Logging__LogLevel__Default=Debug", "- Logging__LogLevel__Default=Debug\n      - ANTHROPIC_API_KEY=sk-inline-0123456789");
        var @base = Path.Combine(kustomize.Root, "base", "deployment.yaml");
        Replace(@base, "path: /health/ready", "path: /healthz");
        Replace(@base, "runAsNonRoot: true", "runAsNonRoot: false");
        Replace(@base, "              memory: 8Gi\n          securityContext", "          securityContext");

        var problems = string.Join("\n", ManifestInvariants.Check(await kustomize.RenderAsync("dev", Token), DeployFiles.ProbePaths));
        StringAssert.Contains(problems, "2 replicas need Database__Provider=PostgreSql");
        StringAssert.Contains(problems, "key 'ANTHROPIC_API_KEY' looks like a secret");
        StringAssert.Contains(problems, "'/healthz', which the server does not serve");
        StringAssert.Contains(problems, "runAsNonRoot");
        StringAssert.Contains(problems, "without a PodDisruptionBudget");
    }

    [TestMethod]
    public async Task A_secret_value_copied_into_the_deployment_is_found()
    {
        using var kustomize = Kustomize.Copy();
        var clean = await kustomize.RenderAsync("prod", Token);
        Assert.AreEqual(0, ManifestInvariants.Check(clean, DeployFiles.ProbePaths).Count);
        // The rendered secret values are random per render: inline the one kustomize will use by fixing secrets.env.
        var prod = Path.Combine(kustomize.Root, "overlays", "prod");
        Replace(Path.Combine(kustomize.Root, "base", "deployment.yaml"), "          args: [\"serve\"]",
            "          args: [\"serve\", \"--\", \"" + clean.SecretValues[0] + "\"]");
        var leaked = await RenderWithValuesAsync(kustomize, prod, clean.SecretValues);
        StringAssert.Contains(string.Join("\n", ManifestInvariants.Check(leaked, DeployFiles.ProbePaths)), "holds the secret value");
    }

    [TestMethod]
    public void Without_kubectl_the_tests_fail_saying_how_to_install_it()
    {
        var empty = TempFolder.Create("agent-deploy-tests");
        try
        {
            var failure = Assert.ThrowsExactly<AssertFailedException>(() => Kustomize.FindKubectl(empty));
            StringAssert.Contains(failure.Message, "apt-get install kubernetes-client");
            Assert.IsTrue(File.Exists(Kustomize.FindKubectl(System.Environment.GetEnvironmentVariable("PATH") ?? "")), "kubectl is installed here");
        }
        finally
        {
            TempFolder.Delete(empty);
        }
    }

    private async Task<RenderedOverlay> RenderWithValuesAsync(Kustomize kustomize, string overlayFolder, IReadOnlyList<string> values)
    {
        var rendered = await kustomize.RenderAsync(Path.GetFileName(overlayFolder), Token);
        // RenderAsync drew new values; the check must look for the ones the edited manifest carries.
        return rendered with { SecretValues = [.. rendered.SecretValues, .. values] };
    }

    private static void Replace(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.IsTrue(text.Contains(from, StringComparison.Ordinal), $"{file} contains '{from}'");
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }
}
