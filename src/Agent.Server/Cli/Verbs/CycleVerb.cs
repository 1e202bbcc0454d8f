using Agent.Server.MainJob;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent cycle [--target PATH | --sample NAME | --self] [--live | --script FILE] [--once] [--urls URLS]</c>: the main job — the
/// server plus one improvement cycle, offline against the scripted model unless told (or given a key) to go live.
/// </summary>
public sealed class CycleVerb : Verb
{
    private readonly Option<string?> _target = new("--target") { Description = "A git repository to improve (default: a fresh copy of --sample under .data/targets/)." };
    private readonly Option<string> _sample = new("--sample") { Description = "The sample under samples/ to copy when no --target is given.", DefaultValueFactory = _ => "dotnet-calculator" };
    private readonly Option<bool> _live = new("--live") { Description = "Use the real Anthropic API (needs ANTHROPIC_API_KEY; a set key alone also goes live unless --script is given)." };
    private readonly Option<string?> _script = new("--script") { Description = "The scripted model's script for an offline cycle (default: the sample's rehearsal in scripts/model/)." };
    private readonly Option<bool> _once = new("--once") { Description = "Exit after the cycle instead of serving on with the nightly schedule." };
    private readonly Option<bool> _self = new("--self") { Description = "Improve the agent itself: its own checkout (the folder with Agent.sln) is the target, changes run its full test suite and always wait for approval. Needs --live or --script." };
    private readonly Option<string?> _urls = new("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:5080; or Server:Urls)." };

    /// <summary>Creates the verb.</summary>
    public CycleVerb(CliContext context)
        : base(context, "cycle", "The main job: start the server, run one improvement cycle on a target (a fresh sample by default), print its summary and the KPIs, then keep serving (or exit with --once).")
    {
        foreach (var option in new Option[] { _target, _sample, _live, _script, _once, _urls, _self }) Command.Add(option);
    }

    /// <inheritdoc />
    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_live) && parse.GetValue(_script) is not null)
            throw new CliUsageException("--live and --script exclude each other: --script scripts the offline model, --live uses the real API.");
        if (parse.GetValue(_self) && (parse.GetValue(_target) is not null || parse.GetResult(_sample) is { Implicit: false }))
            throw new CliUsageException("--self excludes --target and --sample: with --self the target is the agent's own checkout.");
        var request = new MainJobRequest(parse.GetValue(_target), parse.GetValue(_sample)!, parse.GetValue(_live), parse.GetValue(_script), parse.GetValue(_once), parse.GetValue(_urls), parse.GetValue(_self));
        return new MainJob.MainJob(Console, Context.SettingsFor(parse)).RunAsync(request, cancellationToken);
    }
}
