namespace SegmentS2.Tests.TestSupport;

/// <summary>The checkout's root: the first folder above the test binaries that holds SegmentS2.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SegmentS2.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No SegmentS2.sln above {AppContext.BaseDirectory}.");
    }
}
