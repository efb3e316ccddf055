namespace SegmentS2.Testing.Models;

/// <summary>
/// Shapes and deliberate deviations of the SAM-contract models that <see cref="SamContractModelBuilder"/>
/// writes. The defaults give exactly SAM's contract (1024 px input, [1, 256, 64, 64] embedding).
/// </summary>
public sealed record SamContractModelOptions
{
    /// <summary>The encoder's square input size; SAM uses 1024.</summary>
    public int ImageSize { get; init; } = 1024;

    /// <summary>Embedding channels; SAM uses 256.</summary>
    public int EmbeddingChannels { get; init; } = 256;

    /// <summary>Embedding height and width; SAM uses 64. Must divide <see cref="ImageSize"/>.</summary>
    public int EmbeddingSize { get; init; } = 64;

    /// <summary>Radius, in the decoder's input frame, of the disc the decoder draws around the first foreground point.</summary>
    public float DiscRadius { get; init; } = 40f;

    /// <summary>
    /// Added to <c>iou_predictions</c> (the mean of the embedding's first channel, near 0): automatic segmentation's tests set it so that the
    /// discs pass <c>pred_iou_thresh</c>. Default 0.
    /// </summary>
    public float IouOffset { get; init; }

    /// <summary>
    /// Give <c>point_coords</c> and <c>point_labels</c> a dynamic first axis, as FarmVibes' export does: one call decodes
    /// several prompts, each into its own mask. Off: batch 1, as SAM's own export.
    /// </summary>
    public bool PromptBatch { get; init; }

    /// <summary>
    /// Make <c>low_res_masks</c> an echo of <c>mask_input</c>, as this builder's decoders did before, so that <c>masks</c>
    /// is not the upscale of <c>low_res_masks</c>: a decoder for which the low-resolution window path must stay off.
    /// </summary>
    public bool LowResMasksEchoMaskInput { get; init; }

    /// <summary>
    /// When set, the encoder's weights are written to this file (a bare file name) beside the
    /// model and referenced as ONNX external data, as SAM vit_h exports are.
    /// </summary>
    public string? ExternalDataFileName { get; init; }

    /// <summary>
    /// Tensor names to replace (contract name to new name), for producing models with a wrong
    /// contract in tests; e.g. <c>point_coords</c> to <c>coords</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? RenamedTensors { get; init; }

    internal string Name(string contractName) =>
        RenamedTensors is not null && RenamedTensors.TryGetValue(contractName, out var renamed) ? renamed : contractName;

    internal void Validate()
    {
        if (ImageSize < 1 || EmbeddingSize < 1 || EmbeddingChannels < 1 || ImageSize % EmbeddingSize != 0)
        {
            throw new ArgumentException($"Image size {ImageSize} must be a positive multiple of embedding size {EmbeddingSize}, with positive channels ({EmbeddingChannels}).");
        }

        if (ExternalDataFileName is { } file && (file.Length == 0 || Path.GetFileName(file) != file))
        {
            throw new ArgumentException($"External data file name '{file}' must be a bare file name.");
        }
    }
}
