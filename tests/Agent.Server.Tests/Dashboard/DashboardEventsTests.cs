using System.Text.Json;

namespace Agent.Server.Tests.Dashboard;

/// <summary><c>/dashboard/events</c> over plain HTTP: quiet while nothing changes, one change event naming the topic when something does.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class DashboardEventsTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task The_stream_pushes_only_changes_and_names_the_changed_topic()
    {
        await using var world = await DashboardWorld.CreateAsync();
        await world.StartServerAsync(Token);
        using var http = world.Http();
        using var response = await http.GetAsync("/dashboard/events", HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.AreEqual("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
        var events = Events(reader, Token);

        Assert.AreEqual("ready", (await NextEventAsync(events, TimeSpan.FromSeconds(10))).Event);
        // Ten poll intervals (200 ms) with nothing changed: nothing is sent.
        var quiet = await NextEventAsync(events, TimeSpan.FromSeconds(2));
        Assert.IsNull(quiet.Event, $"nothing changed, yet the stream sent '{quiet.Event}: {quiet.Data}'");

        Assert.AreEqual(0, (await world.Cli.RunAsync("stop", "--by", "operator")).ExitCode);
        var change = await NextEventAsync(events, TimeSpan.FromSeconds(10));
        Assert.AreEqual("change", change.Event);
        CollectionAssert.AreEqual(new[] { "stop" }, JsonDocument.Parse(change.Data!).RootElement.GetProperty("topics").EnumerateArray().Select(t => t.GetString()).ToArray());
        Assert.AreEqual(0, (await world.Cli.RunAsync("stop", "--clear")).ExitCode);
    }

    // Reads the stream in the background: cancelling a read on the response stream would close the connection.
    private static System.Threading.Channels.ChannelReader<(string Event, string? Data)> Events(StreamReader reader, CancellationToken cancellationToken)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<(string, string?)>();
        _ = Task.Run(async () =>
        {
            string? name = null, data = null;
            try
            {
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line.StartsWith("event:", StringComparison.Ordinal)) name = line[6..].Trim();
                    else if (line.StartsWith("data:", StringComparison.Ordinal)) data = line[5..].Trim();
                    else if (line.Length == 0 && name is not null) { await channel.Writer.WriteAsync((name, data), cancellationToken); (name, data) = (null, null); }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException) { /* the test ended the stream */ }
            channel.Writer.TryComplete();
        }, cancellationToken);
        return channel.Reader;
    }

    // The next event, or (null, null) when none came within the wait.
    private async Task<(string? Event, string? Data)> NextEventAsync(System.Threading.Channels.ChannelReader<(string Event, string? Data)> events, TimeSpan wait)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(wait);
        try { return await events.ReadAsync(timeout.Token); }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested) { return (null, null); }
    }
}
