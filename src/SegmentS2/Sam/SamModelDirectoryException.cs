namespace SegmentS2.Sam;

/// <summary>
/// A model folder (<c>SegmentS2Options.ModelDirectory</c>) holds no encoder/decoder pair under any accepted name,
/// or more than one. The message names the folder, the file names looked for and the files the folder holds.
/// </summary>
public sealed class SamModelDirectoryException : SamModelLoadException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="directory">The model folder.</param>
    /// <param name="lookedFor">The encoder/decoder file name pairs looked for.</param>
    /// <param name="found">The .onnx files the folder holds (empty when it does not exist).</param>
    /// <param name="message">The full message.</param>
    public SamModelDirectoryException(string directory, IReadOnlyList<string> lookedFor, IReadOnlyList<string> found, string message)
        : base(directory, message)
    {
        Directory = directory;
        LookedFor = lookedFor;
        Found = found;
    }

    /// <summary>The model folder.</summary>
    public string Directory { get; }

    /// <summary>The file name pairs looked for, as <c>encoder + decoder</c>.</summary>
    public IReadOnlyList<string> LookedFor { get; }

    /// <summary>The .onnx files the folder holds.</summary>
    public IReadOnlyList<string> Found { get; }
}
