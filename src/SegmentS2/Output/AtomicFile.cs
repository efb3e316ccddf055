namespace SegmentS2.Output;

/// <summary>Writes a file through a temporary sibling that is moved into place only when complete.</summary>
internal static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> on a temporary file beside <paramref name="path"/>, then moves it over <paramref name="path"/>; on any failure or cancellation the temporary file is deleted and <paramref name="path"/> is untouched.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // best effort: the temporary name never collides with an output
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
