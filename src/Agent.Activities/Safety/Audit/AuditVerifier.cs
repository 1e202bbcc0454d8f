namespace Agent.Activities.Safety.Audit;

/// <summary>The outcome of <see cref="AuditVerifier.VerifyAsync"/>.</summary>
/// <param name="Intact">True when every record links to the one before, matches its hash, and the log reaches the anchor.</param>
/// <param name="Records">How many records were read.</param>
/// <param name="BrokenAtSeq">The seq of the first broken place, or null when intact.</param>
/// <param name="Problem">What is wrong there and what it means, or null when intact.</param>
public sealed record AuditVerification(bool Intact, long Records, long? BrokenAtSeq, string? Problem)
{
    internal static AuditVerification Broken(long records, long seq, string problem) => new(false, records, seq, problem);
}

/// <summary>
/// Recomputes the audit chain from the first record and reports the first place it breaks. It trusts nothing stored
/// but the anchor file: not the triggers (they can be dropped), not the stored hashes (they are checked against the
/// content and the next record's link).
/// </summary>
public sealed class AuditVerifier(AuditLog log)
{
    /// <summary>Walks the whole log in seq order.</summary>
    /// <exception cref="AuditAnchorException">The anchor file exists but is not an anchor.</exception>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var anchor = await AuditAnchor.ReadAsync(log.Database.AnchorPath, cancellationToken);
        long expected = 1, count = 0;
        var previousHash = AuditChain.Genesis;
        string? hashAtAnchor = null;
        await foreach (var record in log.ReadChainAsync(cancellationToken))
        {
            count++;
            if (record.Seq != expected)
                return AuditVerification.Broken(count, expected, expected == record.Seq - 1
                    ? $"Record seq {expected} is missing (deleted): the log jumps from seq {expected - 1} to seq {record.Seq}."
                    : $"Records seq {expected}..{record.Seq - 1} are missing (deleted): the log jumps from seq {expected - 1} to seq {record.Seq}.");
            if (record.PrevHash != previousHash)
                return AuditVerification.Broken(count, record.Seq, record.Seq == 1
                    ? "Record seq 1 does not start the chain (its prev_hash is not the genesis hash): records before it were deleted or it was replaced."
                    : $"Record seq {record.Seq} does not follow record seq {record.Seq - 1} (its prev_hash differs): a record here was deleted, inserted, replaced or reordered.");
            if (AuditChain.Recompute(record) != record.Hash)
                return AuditVerification.Broken(count, record.Seq, $"Record seq {record.Seq} (id {record.Id}) was edited: its content does not match its hash.");
            if (anchor is not null && record.Seq == anchor.Seq) hashAtAnchor = record.Hash;
            previousHash = record.Hash;
            expected++;
        }
        var last = expected - 1;
        if (anchor is not null && anchor.Seq > last)
            return AuditVerification.Broken(count, last + 1, last == 0
                ? $"The log is empty but the anchor says {anchor.Seq} records were written: all of them were deleted."
                : $"The log ends at seq {last} but the anchor says seq {anchor.Seq} was written: records seq {last + 1}..{anchor.Seq} were deleted (truncated).");
        if (anchor is not null && hashAtAnchor != anchor.Hash)
            return AuditVerification.Broken(count, anchor.Seq, $"Record seq {anchor.Seq} is not the record that was written (its hash differs from the anchor's): the log was rewritten from there or before.");
        return new AuditVerification(true, count, null, null);
    }
}
