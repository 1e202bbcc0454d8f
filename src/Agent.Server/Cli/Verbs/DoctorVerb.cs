using Agent.Activities.Safety.Policy;
using Agent.Activities.Assessment;
using Agent.Activities.Claude;
using Agent.Activities.Guards;
using Agent.Activities.Safety.Limits;
using Agent.Activities.SelfModification;
using Agent.Server.Diagnostics;
using Agent.Server.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent doctor [--json]</c>: checks where the agent keeps its data and worktrees (and which build configuration they
/// would inherit) and the tools a cycle runs. Exit code 1 when a check failed.
/// </summary>
public sealed class DoctorVerb : Verb
{
    private readonly Option<bool> _json = CommonOptions.Json("the checks");

    /// <summary>Creates the verb.</summary>
    public DoctorVerb(CliContext context)
        : base(context, "doctor", "Check the data directory, the worktree location (and the build configuration they inherit), the tools a cycle runs, the emergency stop and the policy.")
    {
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = Context.SettingsFor(parse);
        await using var session = await CliSession.OpenAsync(settings, cancellationToken);
        var checks = new DoctorChecks(AgentConfiguration.FullDataDirectory(settings), session.Get<IOptions<SelfModificationOptions>>(),
            session.Get<IOptions<ClaudeCliOptions>>(), session.Get<EmergencyStop>(), session.Get<CommandRunner>(), session.Get<PolicyProvider>(),
            session.Get<ResourceLimiter>());
        var results = await checks.RunAsync(cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(results);
        else
        {
            var table = new Table().AddColumns("Check", "Status", "Detail");
            foreach (var r in results)
                table.AddRow(Markup.Escape(r.Check), r.Status switch
                {
                    CheckStatus.Ok => "[green]ok[/]",
                    CheckStatus.Warning => "[yellow]warning[/]",
                    _ => "[red]failed[/]",
                }, Markup.Escape(r.Detail));
            Console.Output.Write(table);
        }
        return results.Any(r => r.Status == CheckStatus.Failed) ? ExitCodes.Failed : ExitCodes.Success;
    }
}
