using Agent.Activities.Assessment;
using Agent.Activities.Goals;

namespace Agent.Activities.Validation;

/// <summary>
/// The proof for an <c>update-dependency</c> gap of one package: after the change the build succeeds, the package
/// checks were made, and the package is no longer listed (neither outdated nor vulnerable) — or it is still listed but
/// its resolved version reached the version wanted before and carries no advisory.
/// </summary>
public static class DependencyClosure
{
    /// <summary>Checks the gap for <paramref name="package"/> against the measurements before and after the change.</summary>
    public static GapClosureResult Package(string package, Measurement before, Measurement after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (after.BuildFailed) return new(false, "the build fails after the update");
        var wanted = before.Dependencies.First(d => d.Package == package);
        if (!after.Metrics.ContainsKey(MetricCatalog.DepsOutdated) && !after.Metrics.ContainsKey(MetricCatalog.DepsVulnerable))
            return new(false, $"the packages could not be checked after the change, so {package} cannot be shown updated");
        var now = after.Dependencies.FirstOrDefault(d => d.Package == package);
        if (now is null) return new(true, $"{package} is no longer outdated or vulnerable (was {wanted})");
        if (now.Advisory is not null) return new(false, $"{package} {now.Current} is still vulnerable ({now.Advisory})");
        if (wanted.Latest is { } target && AtLeast(now.Current, target))
            return new(true, $"{package} resolves to {now.Current}, at least the wanted {target}");
        return new(false, $"{package} is still outdated: {now}");
    }

    /// <summary>Whether <paramref name="version"/> is at least <paramref name="wanted"/> (numeric parts compared, a pre-release below its release).</summary>
    public static bool AtLeast(string? version, string wanted)
    {
        if (version is null) return false;
        var (v, vPre) = Parse(version);
        var (w, wPre) = Parse(wanted);
        for (var i = 0; i < Math.Max(v.Length, w.Length); i++)
        {
            var a = i < v.Length ? v[i] : 0;
            var b = i < w.Length ? w[i] : 0;
            if (a != b) return a > b;
        }
        return !vPre || wPre;
    }

    private static (long[] Parts, bool PreRelease) Parse(string version)
    {
        var core = version.TrimStart('v', '^', '~', '=').Split('+')[0];
        var dash = core.IndexOf('-');
        var numbers = (dash < 0 ? core : core[..dash]).Split('.').Select(p => long.TryParse(p, out var n) ? n : 0).ToArray();
        return (numbers, dash >= 0);
    }
}
