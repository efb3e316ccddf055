namespace SegmentS2.Tests.GeoTiff.Http;

/// <summary>Finds ../shared/data (beside the repository, never inside it) by walking up from the test assembly.</summary>
internal static class SharedDataFiles
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return System.IO.Path.Combine([candidate, .. parts]);
            }
        }

        throw new DirectoryNotFoundException($"No shared/data folder above {AppContext.BaseDirectory}.");
    }
}
