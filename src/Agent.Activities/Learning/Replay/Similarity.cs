using Agent.Activities.Learning.Errors;

namespace Agent.Activities.Learning.Replay;

/// <summary>How alike two texts are for the replay: the overlap (Jaccard) of their normalized words, 0..1.</summary>
internal static class Similarity
{
    public static double Of(string a, string b)
    {
        var left = ErrorNormalizer.TermsOf(a).ToHashSet(StringComparer.Ordinal);
        var right = ErrorNormalizer.TermsOf(b);
        var common = right.Count(left.Contains);
        var union = left.Count + right.Count - common;
        return union == 0 ? 0 : Math.Round((double)common / union, 3);
    }
}
