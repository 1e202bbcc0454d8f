using Agent.Activities.Learning.Errors;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent knowledge errors [--like TEXT] [--take N] [--json]</c>: stored errors with their solutions, or the matches for an error text.</summary>
public sealed class KnowledgeErrorsVerb : Verb
{
    private readonly Option<string?> _like = new("--like") { Description = "An error text: show the stored errors that match it (exact, then similar) and their fixes." };
    private readonly Option<int> _take = new("--take") { Description = "How many errors to list (most recently seen first).", DefaultValueFactory = _ => 20 };
    private readonly Option<bool> _json = CommonOptions.Json("the errors");

    /// <summary>Creates the verb.</summary>
    public KnowledgeErrorsVerb(CliContext context) : base(context, "errors", "Stored errors (normalized signatures) with their solutions and track record.")
    {
        Command.Add(_like);
        Command.Add(_take);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var errors = session.Get<ErrorDatabase>();
        IReadOnlyList<ErrorMatch> matches;
        if (parse.GetValue(_like) is { } like)
        {
            if (string.IsNullOrWhiteSpace(like)) throw new CliUsageException("--like is empty; give the error text to look up.");
            matches = await errors.LookupAsync(new ErrorObservation(like, "cli"), cancellationToken);
        }
        else
        {
            var listed = await errors.ListAsync(Math.Max(1, parse.GetValue(_take)), cancellationToken);
            var solutions = await errors.SolutionsAsync(listed.Select(e => e.Id).ToList(), cancellationToken);
            matches = listed.Select(e => new ErrorMatch(e, ErrorMatchKind.Exact, 1, solutions.GetValueOrDefault(e.Id) ?? [])).ToList();
        }
        if (parse.GetValue(_json)) Console.WriteJson(matches);
        else new KnowledgeRenderer(Console).WriteErrors(matches, parse.GetValue(_like) is not null);
        return ExitCodes.Success;
    }
}
