using Agent.Activities.Research.Docs;
using Agent.Activities.Research.Findings;
using Agent.Activities.Research.Http;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent research doc URL [--json]</c>: fetches a documentation page and prints it as Markdown, or its parts as JSON.</summary>
public sealed class ResearchDocVerb : Verb
{
    private readonly Argument<string> _url = new("url") { Description = "The documentation page's http(s) address." };
    private readonly Option<bool> _json = CommonOptions.Json("the title, heading tree, code blocks, API signatures, links and Markdown");

    /// <summary>Creates the verb.</summary>
    public ResearchDocVerb(CliContext context) : base(context, "doc", "Reads a documentation page: title, headings, code blocks with language, API signatures, links; prints Markdown.")
    {
        Command.Add(_url);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(_url) ?? "";
        if (!FindingUrl.IsHttp(text)) throw new CliUsageException($"'{text}' is not an http(s) address; give the documentation page's URL, e.g. https://learn.microsoft.com/dotnet/api/system.string.");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        DocPage page;
        try
        {
            page = await session.Get<DocFetcher>().FetchAsync(new Uri(text), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new OutboundHttpException(new Uri(text).Authority, $"{text} could not be fetched ({e.Message}); check the address and the network.", e);
        }
        if (parse.GetValue(_json)) Console.WriteJson(page);
        else Console.WriteLine(page.Markdown);
        return ExitCodes.Success;
    }
}
