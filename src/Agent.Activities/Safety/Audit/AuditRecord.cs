namespace Agent.Activities.Safety.Audit;

/// <summary>One record of the hash-chained audit log, as stored (already redacted).</summary>
/// <param name="Seq">Its position in the chain, from 1 without gaps.</param>
/// <param name="Id">The event id (webhook receivers deduplicate by it).</param>
/// <param name="At">When the event happened, as stored (ISO 8601 UTC, round-trip format).</param>
/// <param name="Kind">The event kind (<see cref="Events.SafetyEventKinds"/>).</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="Data">The details as canonical JSON (an object with its keys sorted).</param>
/// <param name="PrevHash">The hash of record <c>Seq - 1</c>; <see cref="AuditChain.Genesis"/> for the first.</param>
/// <param name="Hash">SHA-256 (hex) over the canonical form of every field above.</param>
public sealed record AuditRecord(long Seq, string Id, string At, string Kind, string Actor, string Summary, string Data, string PrevHash, string Hash);
