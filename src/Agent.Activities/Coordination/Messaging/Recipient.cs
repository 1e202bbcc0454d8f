namespace Agent.Activities.Coordination.Messaging;

/// <summary>How a message is addressed.</summary>
public enum RecipientKind
{
    /// <summary>One agent, by id.</summary>
    Agent,
    /// <summary>Every live agent with a role (<c>role:reviewer</c>).</summary>
    Role,
    /// <summary>Every live agent except the sender (<c>*</c>).</summary>
    Broadcast,
}

/// <summary>A parsed recipient: an agent id, <c>role:&lt;name&gt;</c>, or <c>*</c>.</summary>
/// <param name="Kind">How the message is addressed.</param>
/// <param name="Name">The agent id or the role name; <c>*</c> for a broadcast.</param>
public sealed record Recipient(RecipientKind Kind, string Name)
{
    /// <summary>The prefix of a role address.</summary>
    public const string RolePrefix = "role:";

    /// <summary>The broadcast address.</summary>
    public const string Broadcast = "*";

    /// <summary>The address as stored and shown.</summary>
    public override string ToString() => Kind switch
    {
        RecipientKind.Role => RolePrefix + Name,
        RecipientKind.Broadcast => Broadcast,
        _ => Name,
    };

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="InvalidMessageException">Empty, or not an id, a role address or <c>*</c>.</exception>
    public static Recipient Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new InvalidMessageException("to", "The recipient ('to') is empty; give an agent id, 'role:<name>' (e.g. role:reviewer) or '*' for every agent.");
        if (trimmed == Broadcast) return new(RecipientKind.Broadcast, Broadcast);
        if (trimmed.StartsWith(RolePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var role = trimmed[RolePrefix.Length..].Trim();
            if (!AgentIds.IsValid(role))
                throw new InvalidMessageException("to", $"The recipient '{trimmed}' names no valid role; write 'role:<name>' with a name of letters, digits, '.', '_' or '-' (e.g. role:reviewer).");
            return new(RecipientKind.Role, role.ToLowerInvariant());
        }
        if (!AgentIds.IsValid(trimmed))
            throw new InvalidMessageException("to", $"The recipient '{trimmed}' is not an agent id ({AgentIds.Rule}), 'role:<name>' or '*'.");
        return new(RecipientKind.Agent, trimmed);
    }
}

/// <summary>The spelling of agent ids and role names.</summary>
public static class AgentIds
{
    /// <summary>The rule, for messages.</summary>
    public const string Rule = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>Whether <paramref name="id"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: >= 1 and <= 64 } && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
