using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent instances show &lt;id&gt; [--json]</c>.</summary>
public sealed class InstancesShowVerb : Verb
{
    private readonly Argument<string> _id = new("instance-id") { Description = "The instance id." };
    private readonly Option<bool> _json = CommonOptions.Json("the instance");

    /// <summary>Creates the verb.</summary>
    public InstancesShowVerb(CliContext context) : base(context, "show", "Show an instance: status, variables, output, bookmarks and incidents.")
    {
        Command.Add(_id);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var instance = await InstanceLookup.RequireAsync(session, parse.GetRequiredValue(_id), cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(InstanceDetailsJson.From(instance));
        else new InstanceRenderer(Console).WriteDetails(instance);
        return ExitCodes.Success;
    }
}
