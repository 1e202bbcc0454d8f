using System.Text.Json.Serialization;

namespace Agent.Workflows.Versioning;

/// <summary>
/// One changed value, rendered for people (<c>Literal "a"</c>, <c>Int32</c>, <c>{"x":1}</c>).
/// A null side means the value was absent in that version.
/// </summary>
/// <param name="Property">What changed: an input name, <c>type</c>, <c>customProperties.key</c>, <c>inputs.Amount.type</c>, …</param>
/// <param name="From">The rendered old value, or null when it did not exist.</param>
/// <param name="To">The rendered new value, or null when it no longer exists.</param>
public sealed record PropertyDiff(
    string Property,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To);
