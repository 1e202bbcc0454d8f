namespace Agent.Server.Cli;

/// <summary>Factories for options several verbs share, so they are spelled and described the same everywhere.</summary>
public static class CommonOptions
{
    /// <summary><c>--json</c>.</summary>
    public static Option<bool> Json(string what) => new("--json") { Description = $"Print {what} as one JSON document on stdout." };

    /// <summary><c>--input key=value</c>, repeatable.</summary>
    public static Option<string[]> Input() => new("--input", "-i")
    {
        Description = "An input value as key=value (repeatable). Numbers, booleans and JSON are parsed; anything else is a string.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary><c>--correlation-id</c>.</summary>
    public static Option<string?> CorrelationId(string description) => new("--correlation-id") { Description = description };

    /// <summary><c>--version N</c> of a definition.</summary>
    public static Option<int?> Version(string description) => new("--version") { Description = description };

    /// <summary><c>--take N</c>: how many rows a list shows; read it with <see cref="GetTake"/>.</summary>
    public static Option<int> Take(string description, int defaultValue) => new("--take") { Description = description, DefaultValueFactory = _ => defaultValue };

    /// <summary>The value of a <see cref="Take"/> option.</summary>
    /// <exception cref="CliUsageException">It is below 1.</exception>
    public static int GetTake(this ParseResult parse, Option<int> take)
    {
        var value = parse.GetValue(take);
        return value >= 1 ? value : throw new CliUsageException($"--take is {value}; give 1 or more.");
    }
}
