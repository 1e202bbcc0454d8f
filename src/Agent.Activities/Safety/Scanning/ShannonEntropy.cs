namespace Agent.Activities.Safety.Scanning;

/// <summary>Shannon entropy of a string in bits per character: random keys score high, words and repeated text low.</summary>
public static class ShannonEntropy
{
    /// <summary>The entropy of <paramref name="text"/> (0 for an empty string).</summary>
    public static double Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return 0;
        var counts = new Dictionary<char, int>();
        foreach (var c in text) counts[c] = counts.GetValueOrDefault(c) + 1;
        double entropy = 0;
        foreach (var n in counts.Values)
        {
            var p = (double)n / text.Length;
            entropy -= p * Math.Log2(p);
        }
        return entropy;
    }
}
