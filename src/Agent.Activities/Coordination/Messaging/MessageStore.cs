using System.Text.Json;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>A filter on one agent's messages: its type and correlation id, when given.</summary>
/// <param name="AgentId">The recipient agent.</param>
/// <param name="Type">Only this message type; any when null.</param>
/// <param name="CorrelationId">Only this correlation id; any when null.</param>
public sealed record MessageFilter(string AgentId, string? Type = null, string? CorrelationId = null);

/// <summary>
/// The messages and their per-recipient deliveries. A send is one transaction (message + one delivery row per
/// recipient, resolved against the registry inside it); a claim is one conditional update from pending, so of two
/// claimers only one gets a delivery; an ack moves delivered rows to acked.
/// </summary>
public sealed class MessageStore(CoordinationDatabase database)
{
    private const string Select = """
        SELECT m.id, m.type, m.sender, m.recipient, m.correlation_id, m.created_at, m.payload,
               d.agent_id, d.state, d.delivered_at, d.acked_at, d.consumer
        FROM deliveries d JOIN messages m ON m.seq = d.message_seq
        """;

    private const string Matches = "d.agent_id = @agent AND (CAST(@type AS TEXT) IS NULL OR m.type = @type) AND (CAST(@correlation AS TEXT) IS NULL OR m.correlation_id = @correlation)";

    /// <summary>
    /// Stores <paramref name="draft"/> as message <paramref name="id"/> with a pending delivery for each recipient, in one
    /// transaction. When a message with that id is already stored (a re-run of the same send), nothing new is stored.
    /// </summary>
    /// <exception cref="InvalidMessageException">The sender is not registered, or the recipient names no live agent; nothing was stored.</exception>
    public async Task<SentMessage> InsertAsync(ValidatedDraft draft, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        if (await FindMessageAsync(connection, transaction, id, cancellationToken) is { } existing)
        {
            if (existing.Message.Type != draft.Type || existing.Message.Sender != draft.Sender || existing.Message.Recipient != draft.Recipient.ToString())
                throw new InvalidMessageException("messageId", $"Message id '{id}' is already used by another message ({existing.Message.Type} from {existing.Message.Sender} to {existing.Message.Recipient}); give a new id, or none.");
            return existing with { AlreadyStored = true };
        }
        var sender = await AgentRegistry.FindAsync(connection, transaction, draft.Sender, cancellationToken)
            ?? throw new InvalidMessageException("sender", $"The sender '{draft.Sender}' is not a registered agent; send as an agent listed by 'agent agents list'.");
        var recipients = await ResolveAsync(connection, transaction, draft, sender, cancellationToken);
        var message = new AgentMessage
        {
            Id = id, Type = draft.Type, Sender = draft.Sender, Recipient = draft.Recipient.ToString(), CorrelationId = draft.CorrelationId,
            CreatedAt = now, Payload = draft.Payload,
        };
        long seq;
        await using (var insert = Command(connection, transaction, """
            INSERT INTO messages (id, type, sender, recipient, correlation_id, payload, created_at)
            VALUES (@id, @type, @sender, @recipient, @correlation, @payload, @at) RETURNING seq
            """, ("@id", id), ("@type", message.Type), ("@sender", message.Sender), ("@recipient", message.Recipient),
            ("@correlation", message.CorrelationId), ("@payload", message.Payload.GetRawText()), ("@at", Time(now))))
            seq = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken));
        foreach (var agent in recipients)
        {
            await using var delivery = Command(connection, transaction, "INSERT INTO deliveries (message_seq, agent_id, state) VALUES (@seq, @agent, @pending)",
                ("@seq", seq), ("@agent", agent), ("@pending", DeliveryStates.Pending));
            await delivery.ExecuteNonQueryAsync(cancellationToken);
        }
        var status = draft.Type == MessageTypes.Heartbeat && draft.Payload.TryGetProperty("status", out var s) ? s.GetString() : null;
        await AgentRegistry.TouchAsync(connection, transaction, draft.Sender, status, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SentMessage(message, recipients, AlreadyStored: false);
    }

    /// <summary>
    /// Hands the oldest pending message matching <paramref name="filter"/> to <paramref name="consumer"/> (pending →
    /// delivered), or returns the message <paramref name="consumer"/> already took: a workflow execution re-run after a
    /// crash gets the same message again, never a second one. Null when nothing matches.
    /// </summary>
    /// <param name="filter">The agent and optional type and correlation id.</param>
    /// <param name="consumer">Who takes it; a workflow's is <c>workflow:&lt;execution id&gt;</c>.</param>
    /// <param name="now">The delivery time.</param>
    /// <param name="acknowledge">Take it straight to acked (delivered and acked at once), for a taker that holds it durably.</param>
    /// <param name="cancellationToken">Stops waiting for the database.</param>
    public async Task<DeliveredMessage?> ClaimAsync(MessageFilter filter, string consumer, DateTimeOffset now, bool acknowledge, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var mine = await QueryAsync(connection, "WHERE d.consumer = @consumer AND d.agent_id = @agent", cancellationToken, ("@consumer", consumer), ("@agent", filter.AgentId));
        if (mine.Count > 0) return mine[0];
        var claimed = await ClaimRowsAsync(connection, filter, consumer, now, 1, acknowledge, cancellationToken);
        return claimed.Count == 0 ? null : claimed[0];
    }

    /// <summary>Hands up to <paramref name="max"/> pending messages matching <paramref name="filter"/> to <paramref name="consumer"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DeliveredMessage>> ClaimManyAsync(MessageFilter filter, string consumer, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ClaimRowsAsync(connection, filter, consumer, now, max, acknowledge: false, cancellationToken);
    }

    /// <summary>Whether a pending message matches <paramref name="filter"/>.</summary>
    public async Task<bool> HasPendingAsync(MessageFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT EXISTS (SELECT 1 FROM deliveries d JOIN messages m ON m.seq = d.message_seq WHERE d.state = @pending AND {Matches})",
            ("@pending", DeliveryStates.Pending), ("@agent", filter.AgentId), ("@type", filter.Type), ("@correlation", filter.CorrelationId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) == 1;
    }

    /// <summary>Moves <paramref name="agentId"/>'s copies of <paramref name="messageIds"/> from delivered to acked, all or none.</summary>
    /// <returns>The messages as acked (already acked ones included, unchanged).</returns>
    /// <exception cref="InvalidMessageException">An id is not a message to this agent, or was never handed to it; nothing changed.</exception>
    public async Task<IReadOnlyList<DeliveredMessage>> AckAsync(string agentId, IReadOnlyList<string> messageIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        foreach (var id in messageIds.Distinct(StringComparer.Ordinal))
        {
            var found = await QueryAsync(connection, "WHERE m.id = @id AND d.agent_id = @agent", cancellationToken, transaction, ("@id", id), ("@agent", agentId));
            if (found.Count == 0) throw new InvalidMessageException("messageIds", $"Message '{id}' is not addressed to agent '{agentId}'; ack only ids that agent_inbox returned to this agent.");
            if (found[0].State == DeliveryStates.Pending) throw new InvalidMessageException("messageIds", $"Message '{id}' was not handed to agent '{agentId}' yet; read it with agent_inbox first, then ack it.");
            await using var ack = Command(connection, transaction, """
                UPDATE deliveries SET state = @acked, acked_at = @at
                WHERE agent_id = @agent AND state = @delivered AND message_seq = (SELECT seq FROM messages WHERE id = @id)
                """, ("@acked", DeliveryStates.Acked), ("@at", Time(now)), ("@agent", agentId), ("@delivered", DeliveryStates.Delivered), ("@id", id));
            await ack.ExecuteNonQueryAsync(cancellationToken);
        }
        var acked = new List<DeliveredMessage>();
        foreach (var id in messageIds.Distinct(StringComparer.Ordinal))
            acked.AddRange(await QueryAsync(connection, "WHERE m.id = @id AND d.agent_id = @agent", cancellationToken, transaction, ("@id", id), ("@agent", agentId)));
        await transaction.CommitAsync(cancellationToken);
        return acked;
    }

    /// <summary>The deliveries of <paramref name="agentId"/> in <paramref name="states"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DeliveredMessage>> ListForAgentAsync(string agentId, IReadOnlyList<string> states, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var inStates = string.Join(", ", states.Select((_, i) => $"@s{i}"));
        return await QueryAsync(connection, $"WHERE d.agent_id = @agent AND d.state IN ({inStates}) ORDER BY m.seq LIMIT @take", cancellationToken,
            [("@agent", agentId), ("@take", take), .. states.Select((s, i) => ($"@s{i}", (object?)s))]);
    }

    /// <summary>The newest deliveries (to or from <paramref name="agentId"/> when given), newest first: one row per message and recipient.</summary>
    public async Task<IReadOnlyList<DeliveredMessage>> ListRecentAsync(string? agentId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, "WHERE (CAST(@agent AS TEXT) IS NULL OR d.agent_id = @agent OR m.sender = @agent) ORDER BY m.seq DESC, d.agent_id LIMIT @take", cancellationToken,
            ("@agent", agentId), ("@take", take));
    }

    /// <summary>How many deliveries each agent has per state.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>> CountByAgentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT agent_id, state, COUNT(*) FROM deliveries GROUP BY agent_id, state");
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!counts.TryGetValue(reader.GetString(0), out var states)) counts[reader.GetString(0)] = states = new(StringComparer.Ordinal);
            states[reader.GetString(1)] = reader.GetInt32(2);
        }
        return counts.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> ResolveAsync(DbConnection connection, DbTransaction transaction, ValidatedDraft draft, AgentRecord sender, CancellationToken cancellationToken)
    {
        var to = draft.Recipient;
        switch (to.Kind)
        {
            case RecipientKind.Agent:
                var agent = await AgentRegistry.FindAsync(connection, transaction, to.Name, cancellationToken)
                    ?? throw new InvalidMessageException("to", $"No agent has id '{to.Name}'; send to a registered agent ('agent agents list'), to 'role:<name>', or to '*'.");
                if (agent.Status == AgentStatuses.Stopped)
                    throw new InvalidMessageException("to", $"Agent '{to.Name}' is stopped and receives nothing more; send to 'role:{agent.Role}' to reach a live {agent.Role}.");
                return [agent.Id];
            case RecipientKind.Role:
                var holders = await AgentRegistry.LiveAsync(connection, transaction, to.Name, cancellationToken);
                if (holders.Count == 0)
                    throw new InvalidMessageException("to", $"No live agent has role '{to.Name}'; send to a role a live agent has ('agent agents list'), or to an agent id.");
                return [.. holders.Select(a => a.Id)];
            default:
                var everyone = (await AgentRegistry.LiveAsync(connection, transaction, null, cancellationToken)).Where(a => a.Id != sender.Id).Select(a => a.Id).ToList();
                if (everyone.Count == 0) throw new InvalidMessageException("to", "A broadcast ('*') reaches every live agent but the sender, and there is none; register agents first.");
                return everyone;
        }
    }

    private static async Task<IReadOnlyList<DeliveredMessage>> ClaimRowsAsync(DbConnection connection, MessageFilter filter, string consumer, DateTimeOffset now, int max, bool acknowledge, CancellationToken cancellationToken)
    {
        // One statement: the subquery picks pending rows, the update takes only those still pending, so a concurrent
        // claimer (another workflow, another process's inbox) can never take the same row.
        await using var claim = Command(connection, $"""
            UPDATE deliveries SET state = @state, delivered_at = @at, acked_at = @ackedAt, consumer = @consumer
            WHERE state = @pending AND (message_seq, agent_id) IN (
                SELECT d.message_seq, d.agent_id FROM deliveries d JOIN messages m ON m.seq = d.message_seq
                WHERE d.state = @pending AND {Matches} ORDER BY m.seq LIMIT @max)
            RETURNING message_seq
            """, ("@state", acknowledge ? DeliveryStates.Acked : DeliveryStates.Delivered), ("@at", Time(now)), ("@ackedAt", acknowledge ? Time(now) : null),
            ("@consumer", consumer), ("@pending", DeliveryStates.Pending),
            ("@agent", filter.AgentId), ("@type", filter.Type), ("@correlation", filter.CorrelationId), ("@max", max));
        var seqs = new List<long>();
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) seqs.Add(reader.GetInt64(0));
        if (seqs.Count == 0) return [];
        var list = await QueryAsync(connection, $"WHERE d.agent_id = @agent AND d.message_seq IN ({string.Join(",", seqs)}) ORDER BY m.seq", cancellationToken, ("@agent", filter.AgentId));
        return list;
    }

    private static async Task<SentMessage?> FindMessageAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(connection, "WHERE m.id = @id ORDER BY d.agent_id", cancellationToken, transaction, ("@id", id));
        return rows.Count == 0 ? null : new SentMessage(rows[0].Message, [.. rows.Select(r => r.AgentId)], AlreadyStored: true);
    }

    private static Task<IReadOnlyList<DeliveredMessage>> QueryAsync(DbConnection connection, string where, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        QueryAsync(connection, where, cancellationToken, null, parameters);

    private static async Task<IReadOnlyList<DeliveredMessage>> QueryAsync(DbConnection connection, string where, CancellationToken cancellationToken, DbTransaction? transaction, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, $"{Select} {where}", parameters);
        var list = new List<DeliveredMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var payload = JsonDocument.Parse(reader.GetString(6));
            var message = new AgentMessage
            {
                Id = reader.GetString(0), Type = reader.GetString(1), Sender = reader.GetString(2), Recipient = reader.GetString(3),
                CorrelationId = reader.IsDBNull(4) ? null : reader.GetString(4), CreatedAt = ReadTime(reader, 5)!.Value, Payload = payload.RootElement.Clone(),
            };
            list.Add(new DeliveredMessage
            {
                Message = message, AgentId = reader.GetString(7), State = reader.GetString(8), DeliveredAt = ReadTime(reader, 9),
                AckedAt = ReadTime(reader, 10), Consumer = reader.IsDBNull(11) ? null : reader.GetString(11),
            });
        }
        return list;
    }
}
