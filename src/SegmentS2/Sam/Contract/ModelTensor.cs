using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SegmentS2.Sam.Contract;

/// <summary>One input or output of a loaded model, as ONNX Runtime reports it.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="IsTensor">False for sequences, maps and other non-tensor values.</param>
/// <param name="ElementType">The element type (meaningful only for tensors).</param>
/// <param name="Dimensions">Dimensions; -1 for a dynamic one.</param>
/// <param name="Symbols">Symbolic names of dynamic dimensions, empty when unnamed.</param>
internal sealed record ModelTensor(string Name, bool IsTensor, TensorElementType ElementType, int[] Dimensions, string[] Symbols)
{
    public int Rank => Dimensions.Length;

    public bool IsFloatTensor => IsTensor && ElementType == TensorElementType.Float;

    /// <summary>True when dimension <paramref name="index"/> is dynamic or equals <paramref name="value"/>.</summary>
    public bool Allows(int index, int value) => Dimensions[index] < 0 || Dimensions[index] == value;

    public static IReadOnlyList<ModelTensor> From(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        metadata.Select(pair => pair.Value.IsTensor
            ? new ModelTensor(pair.Key, true, pair.Value.ElementDataType, pair.Value.Dimensions, pair.Value.SymbolicDimensions ?? [])
            : new ModelTensor(pair.Key, false, default, [], [])).ToArray();

    public SamTensorSignature ToSignature(string direction)
    {
        if (!IsTensor)
        {
            return new SamTensorSignature($"{direction} {Name}", "non-tensor", []);
        }

        var dims = new string[Dimensions.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = Dimensions[i] >= 0
                ? Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : i < Symbols.Length && !string.IsNullOrEmpty(Symbols[i]) ? Symbols[i] : "?";
        }

        return new SamTensorSignature($"{direction} {Name}", TypeName(ElementType), dims);
    }

    private static string TypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        _ => type.ToString().ToLowerInvariant(),
    };
}
