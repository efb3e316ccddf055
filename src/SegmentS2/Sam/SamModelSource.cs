namespace SegmentS2.Sam;

/// <summary>
/// Where a SAM encoder or decoder comes from: a file (external data files are found beside it) or
/// bytes in memory (external data files are found in the directory given, if any).
/// </summary>
public sealed class SamModelSource
{
    private SamModelSource(string name, string? path, byte[]? bytes, string? externalDataDirectory)
    {
        Name = name;
        FilePath = path;
        Bytes = bytes;
        ExternalDataDirectory = externalDataDirectory;
    }

    /// <summary>The file path, or the name given for bytes; used in messages.</summary>
    public string Name { get; }

    /// <summary>The model file, when loaded from a file.</summary>
    public string? FilePath { get; }

    /// <summary>Directory where external data files are looked up: the model's own directory for a file.</summary>
    public string? ExternalDataDirectory { get; }

    internal byte[]? Bytes { get; }

    /// <summary>A model file. ONNX Runtime reads it directly, including external data files beside it (vit_h).</summary>
    /// <param name="path">Path of the .onnx file.</param>
    public static SamModelSource FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new SamInputException("A model path must not be empty.");
        }

        var full = Path.GetFullPath(path);
        return new SamModelSource(path, full, null, Path.GetDirectoryName(full));
    }

    /// <summary>
    /// A model held in memory. A model with external data needs <paramref name="externalDataDirectory"/>:
    /// ONNX Runtime cannot infer where bytes came from.
    /// </summary>
    /// <param name="model">The .onnx file's bytes (not copied; do not change them while the session loads).</param>
    /// <param name="name">A name for messages, e.g. the original file name.</param>
    /// <param name="externalDataDirectory">Directory holding the model's external data files, if it has any.</param>
    public static SamModelSource FromBytes(byte[] model, string name, string? externalDataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(name);
        return new SamModelSource(name, null, model, externalDataDirectory is null ? null : Path.GetFullPath(externalDataDirectory));
    }

    /// <summary>Reads a model from a stream into memory; see <see cref="FromBytes"/>.</summary>
    /// <param name="stream">The stream, read to its end.</param>
    /// <param name="name">A name for messages.</param>
    /// <param name="externalDataDirectory">Directory holding the model's external data files, if it has any.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<SamModelSource> FromStreamAsync(Stream stream, string name, string? externalDataDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        byte[] bytes;
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > Array.MaxLength)
            {
                throw new SamModelLoadException(name, $"Model '{name}' is {remaining} bytes; a model read into memory must be under 2 GiB. Load it from a file, with its weights in an external data file.");
            }

            bytes = new byte[remaining];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        return FromBytes(bytes, name, externalDataDirectory);
    }
}
