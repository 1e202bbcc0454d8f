using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agent.Activities.Safety.Redaction;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Agent.Activities.Claude;

/// <summary>
/// Runs <c>claude -p</c> headless: validates the request, waits for a slot of the global concurrency cap, runs the
/// process (timeout, budget, cancellation, malformed output all stop it at once, killing its whole tree), retries
/// transient API failures of runs that edited nothing, and records every run with secrets redacted.
/// </summary>
public sealed class ClaudeRunner(IOptions<ClaudeCliOptions> options, ClaudeConcurrencyLimiter limiter, IClaudeRunLog log, SecretRedactor redactor, ClaudeRunRegistry? registry = null)
{
    private readonly ClaudeCliOptions _options = options.Value;

    /// <summary>Runs <paramref name="request"/>; the result says how it ended (it does not throw for a failed run).</summary>
    /// <param name="request">What to run.</param>
    /// <param name="progress">Receives every event in stream order, synchronously on the reading thread.</param>
    /// <param name="cancellationToken">Cancels the run: the process tree is killed and the result is <c>cancelled</c>.</param>
    /// <exception cref="ClaudeRequestException">The request is invalid.</exception>
    /// <exception cref="ClaudeCliNotFoundException">The CLI is not installed.</exception>
    public async Task<ClaudeRunResult> RunAsync(ClaudeRunRequest request, IProgress<ClaudeEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ClaudeRequestValidator.ThrowIfInvalid(request);
        // Registered before the guards are asked, so an emergency stop either refuses this run or kills it.
        using var registration = registry?.Enter(cancellationToken);
        if (registry?.Refusal() is { } refusal)
            return new ClaudeRunResult { Subtype = ClaudeRunSubtypes.Refused, Error = refusal };
        if (registration is not null) cancellationToken = registration.Token;
        var executable = new ClaudeCliLocator(_options).Locate();
        var timeout = request.Timeout ?? _options.DefaultTimeout;
        var arguments = ClaudeArguments.Build(request, _options);
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
                arguments = ClaudeArguments.Build(attemptRequest, _options);
                using var slot = await limiter.EnterAsync(token);
                var outcome = (await new ClaudeProcessAttempt(executable, attemptRequest, arguments, timeout, _options.KillGracePeriod).RunAsync(number, progress, token)).Result;
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
        result = result with { Attempts = Math.Max(attempts, 1), Duration = watch.Elapsed, Error = Explain(request, result, attempts) };
        await log.RecordAsync(ToRecord(request, arguments, startedAt, result), CancellationToken.None);
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

    private ClaudeRunRecord ToRecord(ClaudeRunRequest request, ClaudeArguments arguments, DateTimeOffset startedAt, ClaudeRunResult result)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Prompt)));
        // The prompt is stored only as its digest; every other argument goes through the redactor.
        var args = arguments.Arguments.Select((a, i) => i == 1 ? $"<prompt sha256:{digest}>" : redactor.Redact(a)).ToList();
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
        };
    }
}
