namespace SegmentS2.Sam;

/// <summary>Where ONNX Runtime runs the SAM models.</summary>
public enum SamExecutionProvider
{
    /// <summary>The CPU (always available).</summary>
    Cpu,

    /// <summary>
    /// An NVIDIA GPU through ONNX Runtime's CUDA provider. Needs the native CUDA build of ONNX
    /// Runtime (package Microsoft.ML.OnnxRuntime.Gpu) and CUDA/cuDNN on the machine.
    /// </summary>
    Cuda,
}
