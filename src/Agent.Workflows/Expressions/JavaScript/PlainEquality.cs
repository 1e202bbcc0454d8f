namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>Deep equality of plain values, numbers compared by value (so 5L equals 5.0).</summary>
internal static class PlainEquality
{
    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        return (a, b) switch
        {
            (null, _) or (_, null) => false,
            (long x, long y) => x == y,
            (long or double, long or double) => Convert.ToDouble(a) == Convert.ToDouble(b),
            (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => AreEqual(p.First, p.Second)),
            (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
                x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var other) && AreEqual(p.Value, other)),
            _ => Equals(a, b),
        };
    }
}
