namespace SegmentS2.Sam;

/// <summary>
/// A model loaded fine but does not follow a SAM contract this library supports: unknown or
/// missing input and output names, wrong element types or ranks, or an encoder whose embedding
/// does not fit the decoder. The message lists what was expected and what the model has.
/// </summary>
public sealed class SamModelContractException : SegmentS2ModelException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="modelName">The model file path or name.</param>
    /// <param name="problem">What is wrong, in one sentence.</param>
    /// <param name="expected">The signatures the contract expects.</param>
    /// <param name="found">The signatures the model has.</param>
    internal SamModelContractException(string modelName, string problem, IReadOnlyList<string> expected, IReadOnlyList<SamTensorSignature> found)
        : base(Format(modelName, problem, expected, found))
    {
        ModelName = modelName;
        Expected = expected;
        Found = [.. found.Select(f => f.ToString())];
    }

    /// <summary>The model file path or name.</summary>
    public string ModelName { get; }

    /// <summary>The tensors the supported contracts expect, one line each.</summary>
    public IReadOnlyList<string> Expected { get; }

    /// <summary>
    /// The inputs and outputs the model declares, one line each as ONNX Runtime reports them:
    /// <c>input point_coords: float32 [1, num_points, 2]</c> (direction, name, element type, dimensions; a symbol or <c>?</c> for a dynamic one).
    /// </summary>
    public IReadOnlyList<string> Found { get; }

    private static string Format(string modelName, string problem, IReadOnlyList<string> expected, IReadOnlyList<SamTensorSignature> found) =>
        $"Model '{modelName}' does not follow the SAM ONNX contract: {problem}" + Environment.NewLine +
        "Expected:" + Environment.NewLine + string.Concat(expected.Select(e => "  " + e + Environment.NewLine)) +
        "Found:" + Environment.NewLine + string.Concat(found.Select(f => "  " + f + Environment.NewLine));
}
