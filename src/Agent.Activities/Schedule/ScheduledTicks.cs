using System.Security.Cryptography;
using System.Text;

namespace Agent.Activities.Schedule;

/// <summary>
/// Names what one cron tick of a scheduled definition starts, the same on every replica: the instance id (a GUID in
/// the engine's usual form, derived from the definition and the tick) and a readable correlation id.
/// </summary>
public static class ScheduledTicks
{
    /// <summary>The id of the instance the tick <paramref name="tick"/> of <paramref name="definitionId"/> starts.</summary>
    public static string InstanceId(string definitionId, DateTimeOffset tick)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(CorrelationId(definitionId, tick)), hash);
        return new Guid(hash[..16]).ToString("N");
    }

    /// <summary>The correlation id of that instance: <c>schedule:{definitionId}@{tick, UTC, ISO 8601}</c>.</summary>
    public static string CorrelationId(string definitionId, DateTimeOffset tick) =>
        $"schedule:{definitionId}@{tick.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}";
}
