namespace SegmentS2.Sam;

/// <summary>
/// ONNX Runtime failed while running a model that loaded and passed the contract checks, or the
/// model returned tensors of unexpected shapes (for example masks not sized to <c>orig_im_size</c>).
/// </summary>
public sealed class SamInferenceException : SegmentS2ModelException
{
    /// <summary>Creates the exception.</summary>
    public SamInferenceException(string message, Exception? innerException = null) : base(message, innerException) { }
}
