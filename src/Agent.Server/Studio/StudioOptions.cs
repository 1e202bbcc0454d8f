using System.ComponentModel.DataAnnotations;

namespace Agent.Server.Studio;

/// <summary>Where the Elsa Studio files are, bound from the <c>Studio</c> configuration section.</summary>
public sealed class StudioOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Studio";

    /// <summary>
    /// The installed package folder (holding <c>_framework</c>), relative to the content root. <c>tools/elsa-studio/ensure-installed.sh</c>
    /// installs it there.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string PackageDirectory { get; set; } = "tools/elsa-studio/node_modules/@elsa-workflows/elsa-studio-wasm";
}
