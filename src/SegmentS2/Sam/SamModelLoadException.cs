namespace SegmentS2.Sam;

/// <summary>
/// A SAM model could not be loaded: the file is missing, is not an ONNX model, or ONNX Runtime
/// rejected it. The message names the file.
/// </summary>
public class SamModelLoadException : SegmentS2ModelException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="modelName">The model file path or name.</param>
    /// <param name="message">What went wrong; should name the model.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SamModelLoadException(string modelName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ModelName = modelName;
    }

    /// <summary>The model file path or name.</summary>
    public string ModelName { get; }
}
