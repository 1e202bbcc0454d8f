namespace Agent.Activities.Assessment;

/// <summary>Environment for dotnet commands: English messages (they are parsed), no telemetry, no lingering build nodes.</summary>
internal static class DotnetEnvironment
{
    public static IReadOnlyDictionary<string, string?> Variables { get; } = new Dictionary<string, string?>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_UI_LANGUAGE"] = "en",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };
}
