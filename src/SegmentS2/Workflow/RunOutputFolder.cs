namespace SegmentS2.Workflow;

/// <summary>
/// A run's output folder: created when missing (and checked writable), and removed again, with any parents the run
/// created, when the run fails or is cancelled before writing anything into it.
/// </summary>
internal sealed class RunOutputFolder
{
    private readonly string? _createdRoot;

    private RunOutputFolder(string path, string? createdRoot)
    {
        Path = path;
        _createdRoot = createdRoot;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <exception cref="SegmentS2Exception">The folder cannot be created or written to.</exception>
    public static RunOutputFolder Prepare(string directory)
    {
        try
        {
            string full = System.IO.Path.GetFullPath(directory);
            string? createdRoot = null;
            for (string? d = full; d is not null && !Directory.Exists(d); d = System.IO.Path.GetDirectoryName(d))
            {
                createdRoot = d;
            }

            Directory.CreateDirectory(full);
            var folder = new RunOutputFolder(full, createdRoot);
            try
            {
                string probe = System.IO.Path.Combine(full, $".segment-s2-write-probe-{Guid.NewGuid():N}");
                File.WriteAllBytes(probe, []);
                File.Delete(probe);
            }
            catch
            {
                folder.RemoveIfEmpty();
                throw;
            }

            return folder;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new SegmentS2Exception($"The output folder '{directory}' is not writable: {ex.Message}", ex);
        }
    }

    /// <summary>Removes the folders this run created, deepest first, as long as they are empty; never throws.</summary>
    public void RemoveIfEmpty()
    {
        if (_createdRoot is null)
        {
            return;
        }

        try
        {
            for (string? d = Path; d is not null && d.Length >= _createdRoot.Length; d = System.IO.Path.GetDirectoryName(d))
            {
                if (!Directory.Exists(d) || Directory.EnumerateFileSystemEntries(d).Any())
                {
                    return;
                }

                Directory.Delete(d);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a folder another process just wrote into stays.
        }
    }
}
