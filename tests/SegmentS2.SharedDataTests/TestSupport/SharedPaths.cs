namespace SegmentS2.SharedDataTests.TestSupport;

/// <summary>Finds the repository's tools and the shared folder (<c>shared/</c> beside the clone) by walking up from the test assembly.</summary>
public static class SharedPaths
{
    private static readonly Lazy<string> RepositoryRootPath = new(() => FindUp("tools/export-sam/export_sam.py", "the repository's tools/export-sam"));
    private static readonly Lazy<string> SharedRootPath = new(() => Path.Combine(FindUp("shared/third-party/segment_anything/__init__.py", "shared/third-party/segment_anything"), "shared"));

    /// <summary>The repository root (holds <c>tools/</c>).</summary>
    public static string RepositoryRoot => RepositoryRootPath.Value;

    /// <summary><c>shared/third-party</c>: segment-anything's source, for PYTHONPATH.</summary>
    public static string ThirdParty => Path.Combine(SharedRootPath.Value, "third-party");

    /// <summary><c>tools/export-sam</c> in the repository.</summary>
    public static string ExportTools => Path.Combine(RepositoryRoot, "tools", "export-sam");

    private static string FindUp(string relative, string what)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, relative)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No {what} ({relative}) above {AppContext.BaseDirectory}; CI places shared/ beside the clone.");
    }
}
