using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>The <c>--prompts</c> argument: a file of point and box prompts, GeoJSON or GeoPackage (told apart by content).</summary>
public static class PromptsArgument
{
    /// <summary>The prompts of the file; fails at once, naming the option, when the file does not exist.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static PromptInput Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"--prompts '{path}': the file does not exist (looked for {Path.GetFullPath(path)}). Give a GeoJSON FeatureCollection or a GeoPackage of Point and Polygon prompts with properties prompt_id and label.", path);
        }

        return PromptInput.FromFile(path);
    }
}
