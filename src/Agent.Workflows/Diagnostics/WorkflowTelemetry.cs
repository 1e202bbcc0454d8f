using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Agent.Workflows.Model;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Diagnostics;

/// <summary>
/// The engine's traces and its one metric. Traces come from the <see cref="ActivitySource"/> <see cref="SourceName"/>: a span per
/// run of an instance (its start, each resume, a recovery) and, under it, a span per activity execution. Every span of an
/// instance lands in one trace whose id is derived from the instance id (<see cref="TraceIdOf"/>), so resumes days apart — in
/// another process or on another replica — join the same trace without storing anything. The metric is the histogram
/// <c>agent.activity.duration</c> (seconds, by activity type and journal status) on the meter <see cref="MeterName"/>.
/// </summary>
/// <remarks>
/// The runner calls this on every activity, so each entry point checks for a listener first: with no tracer and no
/// metrics exporter attached the cost is one volatile read per call (issue 22 is about engine speed).
/// </remarks>
public sealed class WorkflowTelemetry : IDisposable
{
    /// <summary>The name of the activity source every workflow and Claude run span comes from.</summary>
    public const string SourceName = "Agent.Workflows";

    /// <summary>The name of the meter every agent instrument is created on.</summary>
    public const string MeterName = "Agent";

    /// <summary>Span tag: the instance id.</summary>
    public const string InstanceIdTag = "workflow.instance.id";

    /// <summary>Span tag: the activity's id in its definition.</summary>
    public const string ActivityIdTag = "workflow.activity.id";

    /// <summary>Span tag: the activity's type, e.g. <c>Elsa.WriteLine</c>.</summary>
    public const string ActivityTypeTag = "workflow.activity.type";

    /// <summary>Span tag: how the activity execution ended (a <see cref="JournalStatus"/>).</summary>
    public const string ActivityStatusTag = "workflow.activity.status";

    /// <summary>Span tag: the outcomes the activity completed with, comma separated.</summary>
    public const string ActivityOutcomeTag = "workflow.activity.outcome";

    // Seconds: activities range from a microsecond script to an hour-long Claude run or build.
    private static double[] DurationBuckets => [0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly Meter? _ownedMeter;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the source and the histogram; the meter comes from <paramref name="meters"/> when the host has a factory.</summary>
    public WorkflowTelemetry(IMeterFactory? meters = null)
    {
        var meter = meters?.Create(MeterName) ?? (_ownedMeter = new Meter(MeterName));
        _duration = meter.CreateHistogram("agent.activity.duration", "s", "How long one activity execution took, by activity type and how it ended.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Source = new ActivitySource(SourceName);
    }

    /// <summary>The source of workflow spans; other parts of the agent (Claude runs) start their spans from it too.</summary>
    public ActivitySource Source { get; }

    /// <summary>
    /// The trace id of every span of instance <paramref name="instanceId"/>: the id itself when it is 32 lower-case hex digits
    /// (the engine's own GUID ids, so a tracing UI finds an instance by its id), else the first 16 bytes of its SHA-256.
    /// </summary>
    public static ActivityTraceId TraceIdOf(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (instanceId.Length == 32 && instanceId.All(char.IsAsciiHexDigitLower) && instanceId.Any(c => c != '0'))
            return ActivityTraceId.CreateFromString(instanceId);
        return ActivityTraceId.CreateFromBytes(SHA256.HashData(Encoding.UTF8.GetBytes(instanceId)).AsSpan(0, 16));
    }

    /// <summary>
    /// Starts the span of one run of <paramref name="instance"/> and makes it current, or returns null when nobody listens.
    /// Call it only from an async method, which keeps the change of <see cref="Activity.Current"/> to itself.
    /// </summary>
    internal Activity? StartRun(WorkflowInstance instance)
    {
        if (!Source.HasListeners()) return null;
        // A root of the instance's own trace, not a child of whatever called (an HTTP request, a parent instance's step):
        // the caller is linked instead. The parent context carries only the trace id, so the span has no parent span; the
        // Recorded flag makes parent-based samplers keep it, as every run of an instance must be kept for its trace to be whole.
        var root = new ActivityContext(TraceIdOf(instance.Id), default, ActivityTraceFlags.Recorded);
        var caller = Activity.Current;
        // A context without a span id leaves the parent unset, and Start would then adopt Activity.Current as the parent
        // (keeping our trace id): clear it first. The caller runs this inside the async RunAsync, so the change does not
        // outlive that run.
        Activity.Current = null;
        var span = Source.StartActivity($"workflow {instance.DefinitionId}", ActivityKind.Internal, root,
            links: caller is null ? null : [new ActivityLink(caller.Context)]);
        if (span is null) Activity.Current = caller;
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(InstanceIdTag, instance.Id);
            span.SetTag("workflow.definition.id", instance.DefinitionId);
            span.SetTag("workflow.definition.version", instance.Version);
        }
        return span;
    }

    /// <summary>Closes a run span with the status the run left the instance in.</summary>
    internal static void EndRun(Activity? span, WorkflowInstance instance)
    {
        if (span is null) return;
        span.SetTag("workflow.status", instance.Status.ToString());
        if (instance.Status == WorkflowStatus.Faulted)
            span.SetStatus(ActivityStatusCode.Error, instance.State.Incidents.LastOrDefault()?.Message);
    }

    /// <summary>Starts the span of one activity execution (a child of the run span), or returns null when nobody listens.</summary>
    internal Activity? StartActivity(WorkflowInstance instance, ActivityNode node)
    {
        if (!Source.HasListeners()) return null;
        var span = Source.StartActivity($"activity {node.Type}");
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(InstanceIdTag, instance.Id);
            span.SetTag(ActivityIdTag, node.Id);
            span.SetTag(ActivityTypeTag, node.Type);
            if (node.Name is { Length: > 0 } name) span.SetTag("workflow.activity.name", name);
        }
        return span;
    }

    /// <summary>
    /// Records a journaled activity execution: its duration in the histogram and, when it is the activity whose span is
    /// current, its status and outcomes on that span. The journal is where every ending (completed, suspended, faulted,
    /// retrying) is decided, so this one call covers them all.
    /// </summary>
    internal void Record(JournalEntry entry)
    {
        if (_duration.Enabled)
            _duration.Record(entry.DurationMs / 1000.0, new KeyValuePair<string, object?>("activity_type", entry.ActivityType),
                new KeyValuePair<string, object?>("status", entry.Status.ToString()));
        if (Activity.Current is not { } span || span.Source != Source || !Equals(span.GetTagItem(ActivityIdTag), entry.ActivityId)) return;
        span.SetTag(ActivityStatusTag, entry.Status.ToString());
        if (entry.Outcomes is { Length: > 0 } outcomes) span.SetTag(ActivityOutcomeTag, outcomes);
        if (entry.Status == JournalStatus.Faulted) span.SetStatus(ActivityStatusCode.Error, entry.Error);
        else if (entry.Status == JournalStatus.Retrying) span.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["error"] = entry.Error }));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Source.Dispose();
        _ownedMeter?.Dispose();
    }
}
