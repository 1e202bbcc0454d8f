namespace Agent.Server.MainJob;

/// <summary>What <c>agent cycle</c> was asked to do.</summary>
/// <param name="Target">A git repository to improve; null = a fresh copy of <paramref name="Sample"/>.</param>
/// <param name="Sample">The sample under <c>samples/</c> copied when no target is given.</param>
/// <param name="Live">Use the real Anthropic API (needs <c>ANTHROPIC_API_KEY</c>) instead of the scripted model.</param>
/// <param name="Script">The scripted model's script for offline mode; null = the sample's rehearsal.</param>
/// <param name="Once">Exit after the cycle instead of serving on (with the nightly schedule).</param>
/// <param name="Urls">The server's addresses; null = <c>Server:Urls</c>.</param>
/// <param name="Self">Improve the agent's own checkout: it is the target and <c>Validation:AgentRepository</c>.</param>
public sealed record MainJobRequest(string? Target, string Sample, bool Live, string? Script, bool Once, string? Urls, bool Self = false);
