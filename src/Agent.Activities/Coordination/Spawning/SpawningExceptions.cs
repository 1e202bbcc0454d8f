namespace Agent.Activities.Coordination.Spawning;

/// <summary>A spawn request was refused (bad role, budget or parent; spawns stopped; no worker definition); nothing was stored.</summary>
public sealed class SpawnRefusedException(string message) : Exception(message);
