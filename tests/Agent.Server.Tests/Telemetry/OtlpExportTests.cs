using System.Net;
using System.Net.Sockets;
using Agent.Workflows.Diagnostics;

namespace Agent.Server.Tests.Telemetry;

/// <summary><c>Telemetry:Otlp:Endpoint</c> set: the server sends its traces to that collector (a local HTTP listener here).</summary>
[TestClass]
public sealed class OtlpExportTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Traces_of_a_run_reach_the_configured_otlp_endpoint()
    {
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new List<(string Path, string? ContentType, byte[] Body)>();
        var receiving = ReceiveAsync(collector, received);

        string id;
        await using (var server = await MetricsServer.StartAsync(new Dictionary<string, string>(), Token, null,
            ("Telemetry:Otlp:Endpoint", $"http://127.0.0.1:{port}/v1/traces"), ("Telemetry:Otlp:Protocol", "http/protobuf")))
        {
            id = await server.ExecuteAsync("hello", new { }, Token);
        } // stopping the server flushes the batch of spans
        collector.Stop();
        await receiving;

        lock (received)
        {
            Assert.IsNotEmpty(received, "the collector received an export");
            Assert.IsTrue(received.All(r => r.Path == "/v1/traces" && r.ContentType == "application/x-protobuf"), string.Join(", ", received.Select(r => $"{r.Path} {r.ContentType}")));
            var traceId = Convert.FromHexString(WorkflowTelemetry.TraceIdOf(id).ToHexString());
            Assert.IsTrue(received.Any(r => r.Body.AsSpan().IndexOf(traceId) >= 0), "the instance's trace id is in the exported spans");
        }
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Without_an_endpoint_no_tracer_listens_to_the_engine()
    {
        // Another test class's tracer may listen in this process; this server must not add one of its own.
        await using var server = await MetricsServer.StartAsync(new Dictionary<string, string>(), Token);
        Assert.IsNull(server.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)), "no OTLP endpoint: no tracing pipeline");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task ReceiveAsync(HttpListener listener, List<(string, string?, byte[])> received)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (received) received.Add((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
