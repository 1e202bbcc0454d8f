using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Agent.Server.Dashboard;

/// <summary>
/// <c>GET /dashboard/events</c>: a Server-Sent Events stream. Every <see cref="DashboardOptions.PollInterval"/> it reads
/// the live sections and, only when some changed, sends <c>event: change</c> with <c>{"topics":[…]}</c>; the page then
/// fetches those sections again. Polling the stores (instead of hooking each place that writes) also sees changes made by
/// other processes — the CLI, another server on the same database — which is where most changes come from.
/// </summary>
public static class DashboardEvents
{
    // A comment line now and then keeps proxies from closing an idle stream and lets us notice a gone client.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Streams changes until the client goes away or the server stops.</summary>
    public static async Task StreamAsync(HttpContext context, DashboardSections sections, IOptions<DashboardOptions> options, IHostApplicationLifetime lifetime)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var feed = new DashboardChangeFeed(sections);
        var quietSince = DateTimeOffset.UtcNow;
        try
        {
            // The first reading only sets the baseline: the page has just loaded everything itself.
            await feed.ChangedAsync(cancellationToken);
            await WriteAsync(context, "event: ready\ndata: {}\n\n", cancellationToken);
            using var timer = new PeriodicTimer(options.Value.PollInterval);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var changed = await feed.ChangedAsync(cancellationToken);
                if (changed.Count > 0)
                {
                    await WriteAsync(context, $"event: change\ndata: {JsonSerializer.Serialize(new { topics = changed }, Json)}\n\n", cancellationToken);
                    quietSince = DateTimeOffset.UtcNow;
                }
                else if (DateTimeOffset.UtcNow - quietSince >= KeepAlive)
                {
                    await WriteAsync(context, ": keep-alive\n\n", cancellationToken);
                    quietSince = DateTimeOffset.UtcNow;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the server is stopping: the stream simply ends.
        }
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
