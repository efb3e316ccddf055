namespace SegmentS2.Sam;

/// <summary>
/// The requested execution provider cannot be used here and <see cref="SamSessionOptions.FallBackToCpu"/> is off.
/// </summary>
public sealed class SamExecutionProviderUnavailableException : SegmentS2ModelException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider that was requested.</param>
    /// <param name="innerException">ONNX Runtime's error.</param>
    public SamExecutionProviderUnavailableException(SamExecutionProvider provider, Exception innerException)
        : base($"The {provider} execution provider is not available: {innerException.Message} " +
               "Install the matching ONNX Runtime native package (Microsoft.ML.OnnxRuntime.Gpu for CUDA) and drivers, or allow falling back to the CPU.", innerException)
    {
        Provider = provider;
    }

    /// <summary>The provider that was requested.</summary>
    public SamExecutionProvider Provider { get; }
}
