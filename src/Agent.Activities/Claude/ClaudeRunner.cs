using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agent.Activities.Safety.Limits;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;
using Agent.Activities.Safety.Redaction;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Agent.Activities.Claude;

/// <summary>
/// Runs <c>claude -p</c> headless: validates the request, waits for a slot of the global concurrency cap, runs the
/// process (timeout, budget, cancellation, malformed output all stop it at once, killing its whole tree), retries
/// transient API failures of runs that edited nothing, and records every run with secrets redacted. With an
/// <see cref="IToolCallOversight"/> every tool call of the run is decided by the policy through Claude Code hooks, and
/// the decisions come back in <see cref="ClaudeRunResult.ToolDecisions"/>.
/// </summary>
/// <remarks>
/// With a <see cref="ResourceLimiter"/> the process runs under <c>Safety:Limits:Claude</c> and its working folder is held to
/// the worktree disk quota before and after; with an <see cref="IClaudeSpendGate"/> the run is refused when a day, month or
/// cycle budget is spent, gets the tightest remaining budget, and its spend is charged afterwards. With an
/// <see cref="IToolCallOversight"/> every tool call the run makes is decided by the policy through a PreToolUse hook. With an
/// <see cref="IClaudeRunObserver"/> every run reports where its wall time went (the benchmark's profile).
/// </remarks>
public sealed class ClaudeRunner(IOptions<ClaudeCliOptions> options, ClaudeConcurrencyLimiter limiter, IClaudeRunLog log, SecretRedactor redactor,
    ClaudeRunRegistry? registry = null, ResourceLimiter? resources = null, IClaudeSpendGate? spend = null, IToolCallOversight? oversight = null,
    Telemetry.ClaudeRunTelemetry? telemetry = null, IClaudeRunObserver? observer = null)
{
    private readonly ClaudeCliOptions _options = options.Value;

    /// <summary>
    /// The located CLI, found on the first run: locating walks the folders above the app for the solution file and
    /// PATH on every call, which is disk work on a run's critical path for an answer that does not change while the
    /// app runs. A CLI removed afterwards still fails cleanly: its start fails as a <c>crashed</c> run with the install hint.
    /// </summary>
    private string? _executable;

    /// <summary>Runs <paramref name="request"/>; the result says how it ended (it does not throw for a failed run).</summary>
    /// <param name="request">What to run.</param>
    /// <param name="progress">Receives every event in stream order, synchronously on the reading thread.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and the result is <c>cancelled</c>.</param>
    /// <exception cref="ClaudeRequestException">The request is invalid.</exception>
    /// <exception cref="ClaudeCliNotFoundException">The CLI is not installed.</exception>
    public async Task<ClaudeRunResult> RunAsync(ClaudeRunRequest request, IProgress<ClaudeEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        // One span and one count per run, whichever way it ends (refused, over budget, run): the guards' refusals are runs too.
        var clock = observer is null ? null : new ClaudeRunClock();
        ClaudeRunResult result;
        using (var span = telemetry?.Start(request))
        {
            result = await RunObservedAsync(request, progress, clock, cancellationToken);
            telemetry?.End(span, result);
        }
        if (clock is not null)
        {
            clock.Mark(ClaudeRunPhase.Cleanup);
            clock.Profile.Subtype = result.Subtype;
            observer!.Completed(clock.Profile);
        }
        return result;
    }

    private async Task<ClaudeRunResult> RunObservedAsync(ClaudeRunRequest request, IProgress<ClaudeEvent>? progress, ClaudeRunClock? clock, CancellationToken cancellationToken)
    {
        ClaudeRequestValidator.ThrowIfInvalid(request);
        // Registered before the guards are asked, so an emergency stop either refuses this run or kills it.
        using var registration = registry?.Enter(cancellationToken);
        if (registry?.Refusal() is { } refusal)
            return new ClaudeRunResult { Subtype = ClaudeRunSubtypes.Refused, Error = refusal };
        if (registration is not null) cancellationToken = registration.Token;
        if (spend is not null)
        {
            var grant = await spend.BeforeRunAsync(request, cancellationToken);
            if (grant.Refusal is { } exhausted) return new ClaudeRunResult { Subtype = ClaudeRunSubtypes.BudgetExceeded, Error = exhausted };
            request = request with { Budget = grant.Budget };
        }
        if (resources is not null && await resources.CheckDiskAsync(request.WorkingDirectory, "before claude run", cancellationToken) is { } full)
            return new ClaudeRunResult { Subtype = ClaudeRunSubtypes.LimitExceeded, Error = $"The run was not started: {full.Message}. Free space in the worktree or raise Safety:Limits:WorktreeDiskMiB." };
        clock?.Mark(ClaudeRunPhase.Guards);
        var executable = _executable ??= new ClaudeCliLocator(_options).Locate();
        clock?.Mark(ClaudeRunPhase.Locate);
        var timeout = request.Timeout ?? _options.DefaultTimeout;
        // One oversight session for all attempts: a retry is the same run, its decisions go to the same journal.
        OversightSession? session;
        try
        {
            session = oversight is null ? null : await oversight.BeginAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is PolicyFileException or OversightUnavailableException)
        {
            // Never run Claude unwatched because its policy or hooks are broken.
            return new ClaudeRunResult { Subtype = ClaudeRunSubtypes.Refused, Error = $"The run was not started: {e.Message}" };
        }
        using var sessionScope = session;
        // Built per attempt below; the record falls back to the request's own when no attempt started.
        ClaudeArguments? arguments = null;
        var attemptProgress = session is null ? progress : new ObservedProgress(progress, session.Observe);
        var startedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var attempts = 0;
        ClaudeRunResult? previous = null;
        ClaudeRunResult result;
        try
        {
            result = await RetryPipeline(request).ExecuteAsync(async token =>
            {
                var number = Interlocked.Increment(ref attempts);
                var attemptRequest = NextAttempt(request, previous);
                arguments = ClaudeArguments.Build(attemptRequest, _options, session?.Settings);
                clock?.Mark(ClaudeRunPhase.Arguments);
                using var slot = await limiter.EnterAsync(token);
                clock?.Mark(ClaudeRunPhase.Gate);
                var outcome = (await new ClaudeProcessAttempt(executable, attemptRequest, arguments, timeout, _options.KillGracePeriod, resources, clock).RunAsync(number, attemptProgress, token)).Result;
                // Edits of an earlier attempt stay in the tree whatever this attempt did.
                if (previous?.MadeEdits == true && !outcome.MadeEdits) outcome = outcome with { MadeEdits = true };
                previous = outcome;
                return outcome;
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while waiting for a slot or during a backoff delay: no process is running.
            result = (previous ?? new ClaudeRunResult { Subtype = ClaudeRunSubtypes.Cancelled }) with
            {
                IsSuccess = false, Subtype = ClaudeRunSubtypes.Cancelled, Error = "The run was cancelled by the caller before it finished.",
            };
        }
        if (registration?.KilledBecause is { } killed)
            result = result with { Subtype = ClaudeRunSubtypes.Refused, IsSuccess = false, Error = $"The run was killed: {killed}" };
        result = result with { Attempts = Math.Max(attempts, 1), Duration = watch.Elapsed, Error = Explain(request, result, attempts), ToolDecisions = session?.Decisions ?? [] };
        clock?.Mark(ClaudeRunPhase.Cleanup);
        if (resources is not null && result.Subtype != ClaudeRunSubtypes.LimitExceeded
            && await resources.CheckDiskAsync(request.WorkingDirectory, "after claude run", CancellationToken.None) is { } grown)
            result = result with { IsSuccess = false, Subtype = ClaudeRunSubtypes.LimitExceeded, Error = $"The run filled its worktree: {grown.Message}. The change is not usable; raise Safety:Limits:WorktreeDiskMiB if it should be." };
        // Charged whatever the outcome: tokens spent on a failed run are spent all the same.
        if (spend is not null) await spend.AfterRunAsync(request, result, CancellationToken.None);
        clock?.Mark(ClaudeRunPhase.Guards);
        await log.RecordAsync(ToRecord(request, arguments ?? ClaudeArguments.Build(request, _options, session?.Settings), startedAt, result, session?.Run.Token), CancellationToken.None);
        clock?.Mark(ClaudeRunPhase.RunLog);
        return result;
    }

    /// <summary>
    /// The request of the next attempt: the original one, or, after a transient failure of a run that edited, a resume
    /// of its session so the model continues on the tree it already changed.
    /// </summary>
    private static ClaudeRunRequest NextAttempt(ClaudeRunRequest request, ClaudeRunResult? previous) =>
        previous is { MadeEdits: true, SessionId: { } session } && request.ResumeAfterEdits
            ? request with { Prompt = request.ContinuePrompt, ResumeSessionId = session }
            : request;

    private string? Explain(ClaudeRunRequest request, ClaudeRunResult result, int attempts)
    {
        if (result.Error is null || !ClaudeResultMapper.IsTransient(result)) return result.Error;
        if (result.MadeEdits && !request.ResumeAfterEdits)
            return $"{result.Error} — not retried because the run already used an editing tool; resume session {result.SessionId} to continue (or set ResumeAfterEdits to let the runner do it).";
        return attempts >= _options.MaxAttempts ? $"{result.Error} — still failing after {attempts} attempt(s) (Claude:MaxAttempts = {_options.MaxAttempts})." : result.Error;
    }

    private ResiliencePipeline<ClaudeRunResult> RetryPipeline(ClaudeRunRequest request)
    {
        if (_options.MaxAttempts <= 1) return ResiliencePipeline<ClaudeRunResult>.Empty;
        return new ResiliencePipelineBuilder<ClaudeRunResult>()
            .AddRetry(new RetryStrategyOptions<ClaudeRunResult>
            {
                // Only failures the API may not repeat, and after edits only by resuming the session: a fresh rerun
                // would redo them on a changed tree.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r && ClaudeResultMapper.IsTransient(r)
                    && (!r.MadeEdits || (request.ResumeAfterEdits && r.SessionId is not null))),
                MaxRetryAttempts = _options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
            })
            .Build();
    }

    /// <summary>The hook token is dead once the run ends, but a log is no place for a secret that was ever live.</summary>
    private static string Mask(string text, string? token) => token is null ? text : text.Replace(token, SecretRedactor.Mask, StringComparison.Ordinal);

    private ClaudeRunRecord ToRecord(ClaudeRunRequest request, ClaudeArguments arguments, DateTimeOffset startedAt, ClaudeRunResult result, string? hookToken)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Prompt)));
        // The prompt is stored only as its digest; every other argument goes through the redactor.
        var args = arguments.Arguments.Select((a, i) => i == 1 ? $"<prompt sha256:{digest}>" : Mask(redactor.Redact(a), hookToken)).ToList();
        var env = request.Environment.ToDictionary(kv => kv.Key, kv => redactor.RedactVariable(kv.Key, kv.Value));
        return new ClaudeRunRecord
        {
            Id = Guid.NewGuid(),
            PromptSha256 = digest,
            ArgumentsJson = JsonSerializer.Serialize(args),
            EnvironmentJson = JsonSerializer.Serialize(env),
            WorkingDirectory = request.WorkingDirectory,
            StartedAt = startedAt,
            EndedAt = DateTimeOffset.UtcNow,
            Subtype = result.Subtype,
            IsSuccess = result.IsSuccess,
            SessionId = result.SessionId,
            CostUsd = result.CostUsd,
            InputTokens = result.Usage.InputTokens + result.Usage.CacheCreationInputTokens + result.Usage.CacheReadInputTokens,
            OutputTokens = result.Usage.OutputTokens,
            ExitCode = result.ExitCode,
            Attempts = result.Attempts,
            Error = result.Error is null ? null : redactor.Redact(result.Error),
            ToolDecisionsJson = JsonSerializer.Serialize(result.ToolDecisions),
        };
    }
}

/// <summary>Passes every event to an observer (synchronously, in stream order), then on to the caller's progress with whatever the observer adds.</summary>
internal sealed class ObservedProgress(IProgress<ClaudeEvent>? inner, Func<ClaudeEvent, ClaudeEvent?> observe) : IProgress<ClaudeEvent>
{
    public void Report(ClaudeEvent value)
    {
        var added = observe(value);
        inner?.Report(value);
        if (added is not null) inner?.Report(added);
    }
}
