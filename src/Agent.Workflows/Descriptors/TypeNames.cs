namespace Agent.Workflows.Descriptors;

/// <summary>Maps CLR types to the short type names Elsa uses in definitions and descriptors (String, Int32, Object…).</summary>
public static class TypeNames
{
    private static readonly Dictionary<Type, string> Names = new()
    {
        [typeof(string)] = "String", [typeof(bool)] = "Boolean", [typeof(int)] = "Int32", [typeof(long)] = "Int64",
        [typeof(double)] = "Double", [typeof(decimal)] = "Decimal", [typeof(float)] = "Single", [typeof(object)] = "Object",
        [typeof(TimeSpan)] = "TimeSpan", [typeof(DateTime)] = "DateTime", [typeof(DateTimeOffset)] = "DateTimeOffset",
        [typeof(Guid)] = "Guid", [typeof(Dictionary<string, object?>)] = "ObjectMap",
    };

    /// <summary>The CLR type for an Elsa type alias (<c>Int32</c>, <c>String</c>…), or null when it is not a simple alias.</summary>
    public static Type? Resolve(string? alias)
    {
        if (string.IsNullOrEmpty(alias)) return null;
        if (string.Equals(alias, "Long", StringComparison.OrdinalIgnoreCase)) return typeof(long);
        foreach (var (type, name) in Names)
            if (string.Equals(name, alias, StringComparison.OrdinalIgnoreCase)) return type;
        return null;
    }

    /// <summary>The Elsa type name for <paramref name="type"/>.</summary>
    public static string For(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (Names.TryGetValue(t, out var name)) return name;
        if (t.IsArray) return For(t.GetElementType()!) + "[]";
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>)) return For(t.GetGenericArguments()[0]) + "[]";
        // A record an activity reads (a worktree, a gap) is an object to the designer and to Elsa's definitions.
        if (Expressions.ValueConverter.IsRecordLike(t)) return "Object";
        return t.Name;
    }
}
