namespace SegmentS2.Sam;

/// <summary>
/// A model keeps its weights in an external data file (as SAM vit_h exports do) and that file
/// cannot be found where ONNX Runtime will look for it.
/// </summary>
public sealed class SamExternalDataNotFoundException : SamModelLoadException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="modelName">The model file path or name.</param>
    /// <param name="location">The external data location as written in the model.</param>
    /// <param name="expectedPath">Where it was looked for; null when no directory was given.</param>
    public SamExternalDataNotFoundException(string modelName, string location, string? expectedPath)
        : base(modelName, expectedPath is null
            ? $"Model '{modelName}' keeps weights in the external data file '{location}', but it was loaded from bytes without an external data directory; pass the directory that holds '{location}'."
            : $"Model '{modelName}' keeps weights in the external data file '{location}', which was not found at '{expectedPath}'. Keep the data file beside the .onnx file.")
    {
        Location = location;
        ExpectedPath = expectedPath;
    }

    /// <summary>The external data location as written in the model.</summary>
    public string Location { get; }

    /// <summary>The full path that was checked; null when the model came from bytes without a directory.</summary>
    public string? ExpectedPath { get; }
}
