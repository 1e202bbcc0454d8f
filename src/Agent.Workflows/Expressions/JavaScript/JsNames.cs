namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>Elsa's rules for the names of generated accessors such as <c>getOrderTotal()</c>.</summary>
internal static class JsNames
{
    /// <summary>
    /// Elsa generates accessors only for names made of letters and digits, so <c>order-total</c> or
    /// <c>order total</c> get none and are reached through <c>getVariable("order total")</c>.
    /// </summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.All(char.IsLetterOrDigit);

    /// <summary>
    /// Elsa pascalizes with Humanizer; for a name of letters and digits that only upper-cases the first letter
    /// (<c>orderTotal</c> → <c>OrderTotal</c>).
    /// </summary>
    public static string Pascalize(string name) =>
        name.Length == 0 || !char.IsLower(name[0]) ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
