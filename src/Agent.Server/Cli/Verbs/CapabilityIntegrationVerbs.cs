using Agent.Activities.Discovery.Integration;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent capabilities search &lt;text&gt; [--json]</c>: MCP servers of the local catalog and the MCP Registry.</summary>
public sealed class CapabilitiesSearchVerb : Verb
{
    private readonly Argument<string> _text = new("text") { Description = "Part of the server's registry name, e.g. memory." };
    private readonly Option<bool> _json = CommonOptions.Json("the servers found");

    /// <summary>Creates the verb.</summary>
    public CapabilitiesSearchVerb(CliContext context) : base(context, "search", "Search the local catalog (Discovery:CatalogPath) and the MCP Registry for servers.")
    {
        Command.Add(_text);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var found = await session.Get<IntegrationService>().SearchAsync(parse.GetRequiredValue(_text), cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(found); return ExitCodes.Success; }
        if (found.Count == 0) { Console.WriteLine("No server matches."); return ExitCodes.Success; }
        var table = new Table().AddColumns("Name", "Version", "Source", "Install", "Description");
        foreach (var c in found)
        {
            var install = c.Server.Packages.Select(p => $"{p.RegistryType} {p.Identifier}@{p.Version}").Concat(c.Server.Remotes.Select(r => $"{r.Type} {r.Url}")).FirstOrDefault() ?? "-";
            table.AddRow(Markup.Escape(c.Server.Name), Markup.Escape(c.Server.Version ?? ""), c.Source, Markup.Escape(install), Markup.Escape(c.Server.Description ?? ""));
        }
        Console.Output.Write(table);
        return ExitCodes.Success;
    }
}

/// <summary><c>agent capabilities integrate &lt;name&gt; [--target PATH] [--yes] [--json]</c>: install, probe and add a server to <c>.mcp.json</c>.</summary>
public sealed class CapabilitiesIntegrateVerb : Verb
{
    private readonly Argument<string> _name = new("name") { Description = "The server's registry name, e.g. io.github.modelcontextprotocol/server-memory." };
    private readonly Option<string?> _target = new("--target") { Description = "The folder whose .mcp.json gets the server; default: the current directory." };
    private readonly Option<string?> _capability = new("--capability") { Description = "A capability the server must provide after the probe, e.g. memory.store." };
    private readonly Option<bool> _yes = new("--yes", "-y") { Description = "Approve it yourself: write .mcp.json as soon as the probe passed." };
    private readonly Option<bool> _json = CommonOptions.Json("the integration attempt");

    /// <summary>Creates the verb.</summary>
    public CapabilitiesIntegrateVerb(CliContext context)
        : base(context, "integrate", "Install a registry server into its sandbox, probe it, and add it to the target's .mcp.json (after approval, unless --yes or Discovery:AutoApprove).")
    {
        Command.Add(_name);
        Command.Add(_target);
        Command.Add(_capability);
        Command.Add(_yes);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var request = new IntegrationRequest
        {
            Target = parse.GetValue(_target) ?? Directory.GetCurrentDirectory(), ServerName = parse.GetRequiredValue(_name), Capability = parse.GetValue(_capability),
        };
        var result = await session.Get<IntegrationService>().IntegrateAsync(request, parse.GetValue(_yes) ? $"{Environment.UserName} (--yes)" : null, cancellationToken);
        var attempt = result.Attempt;
        if (parse.GetValue(_json)) Console.WriteJson(result);
        else if (attempt.Outcome == IntegrationOutcomes.Integrated)
            Console.WriteLine($"Integrated {attempt.Name} ({attempt.Package}) into {Path.Combine(attempt.Target, McpJsonFile.FileName)}: {attempt.Reason}; tools: {string.Join(", ", attempt.Tools)}.");
        else if (result.ApprovalId is { } approval)
            Console.WriteLine($"Probe {attempt.Probe} passed. {attempt.Name} waits for approval {approval}: 'agent approve {approval}' writes it, 'agent reject {approval}' drops it.");
        else
            Console.WriteLine($"Not integrated ({attempt.Outcome}): {attempt.Reason}");
        return attempt.Outcome is IntegrationOutcomes.Integrated or IntegrationOutcomes.AwaitingApproval ? ExitCodes.Success : ExitCodes.Failed;
    }
}

/// <summary><c>agent capabilities remove &lt;name&gt; [--target PATH]</c>: the reverse of an integration.</summary>
public sealed class CapabilitiesRemoveVerb : Verb
{
    private readonly Argument<string> _name = new("name") { Description = "The server's name in .mcp.json, e.g. server-memory." };
    private readonly Option<string?> _target = new("--target") { Description = "The folder whose .mcp.json has the server; default: the current directory." };
    private readonly Option<bool> _json = CommonOptions.Json("the removal");

    /// <summary>Creates the verb.</summary>
    public CapabilitiesRemoveVerb(CliContext context) : base(context, "remove", "Remove an integrated server from the target's .mcp.json and delete its sandbox folder.")
    {
        Command.Add(_name);
        Command.Add(_target);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var removed = await session.Get<IntegrationService>().RemoveAsync(parse.GetRequiredValue(_name), parse.GetValue(_target) ?? Directory.GetCurrentDirectory(), cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(removed);
        else Console.WriteLine($"Removed {removed.Name}: {removed.Reason}.");
        return ExitCodes.Success;
    }
}
