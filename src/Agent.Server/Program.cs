using Agent.Server.Cli;

// `agent serve` runs the server; every other verb runs in-process against the same database.
return await AgentCommandLine.RunAsync(args, CliConsole.CreateSystem(), handleTermination: true);
