namespace SegmentS2.SharedDataTests;

/// <summary>
/// Finds the shared test data (<c>shared/data</c>, beside the clone, never inside it) by walking up from the test
/// assembly's folder. Only this project reads it; README's test command runs without it.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The <c>shared/data</c> folder; throws with a clear message when it is missing.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path under <c>shared/data</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>A recorded STAC response under <c>shared/data/real-world/stac</c>.</summary>
    public static string Stac(string file) => Path("real-world", "stac", file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No shared/data folder above {AppContext.BaseDirectory}; CI places shared/ beside the clone, and .ci/run runs these tests only when it is there.");
    }
}
