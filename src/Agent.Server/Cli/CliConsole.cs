using System.Text.Json;
using Spectre.Console;

namespace Agent.Server.Cli;

/// <summary>
/// Where verbs write: rendered output (tables) and raw text such as JSON to stdout, messages to stderr.
/// Tests create one over <see cref="StringWriter"/>s.
/// </summary>
public sealed class CliConsole
{
    private const int RedirectedWidth = 160;

    /// <summary>Creates a console over an existing Spectre console and an error writer.</summary>
    public CliConsole(IAnsiConsole output, TextWriter error)
    {
        Output = output;
        Error = error;
    }

    /// <summary>Standard output, for tables and other rendered output.</summary>
    public IAnsiConsole Output { get; }

    /// <summary>Standard error, for errors and hints.</summary>
    public TextWriter Error { get; }

    /// <summary>The writer behind <see cref="Output"/>, for text that must not be wrapped or styled.</summary>
    public TextWriter OutputWriter => Output.Profile.Out.Writer;

    /// <summary>Writes a line to stdout exactly as given (no markup, no wrapping).</summary>
    public void WriteLine(string text = "") => OutputWriter.WriteLine(text);

    /// <summary>Writes <paramref name="value"/> as one JSON document to stdout.</summary>
    public void WriteJson<T>(T value) => WriteLine(JsonSerializer.Serialize(value, CliJson.Options));

    /// <summary>Writes an error line to stderr.</summary>
    public void WriteError(string message) => Error.WriteLine(message);

    /// <summary>The process's console.</summary>
    public static CliConsole CreateSystem()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected) console.Profile.Width = RedirectedWidth;
        return new CliConsole(console, Console.Error);
    }

    /// <summary>A console over plain writers: no colours, no ANSI codes, not interactive.</summary>
    public static CliConsole Create(TextWriter output, TextWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = RedirectedWidth;
        return new CliConsole(console, error);
    }
}
