namespace SegmentS2.Sam.Contract;

/// <summary>Tensor names of segment-anything's ONNX export (<c>SamOnnxModel</c>) and its common encoder exports.</summary>
internal static class SamContractNames
{
    public const string EncoderInputNchw = "x";
    public const string EncoderInputImage = "input_image";
    public const string ImageEmbeddings = "image_embeddings";
    public const string PointCoords = "point_coords";
    public const string PointLabels = "point_labels";
    public const string MaskInput = "mask_input";
    public const string HasMaskInput = "has_mask_input";
    public const string OrigImSize = "orig_im_size";
    public const string Masks = "masks";
    public const string IouPredictions = "iou_predictions";
    public const string LowResMasks = "low_res_masks";

    public static readonly string[] DecoderInputs = [ImageEmbeddings, PointCoords, PointLabels, MaskInput, HasMaskInput, OrigImSize];

    public static readonly string[] ExpectedEncoder =
    [
        "input x: float32 [1, 3, 1024, 1024] (NCHW, normalised with SAM's mean and std), or",
        "input input_image: float32 [H, W, 3] (HWC, 0..255; normalised and padded in the graph), or",
        "input input_image: float32 [1, 3, 1024, 1024] (samexporter without preprocessing)",
        "output image_embeddings: float32 [1, 256, 64, 64]",
    ];

    public static readonly string[] ExpectedDecoder =
    [
        "input image_embeddings: float32 [1, 256, 64, 64]",
        "input point_coords: float32 [1, N, 2]",
        "input point_labels: float32 [1, N]",
        "input mask_input: float32 [1, 1, 256, 256]",
        "input has_mask_input: float32 [1]",
        "input orig_im_size: float32 [2]",
        "output masks: float32 [1, 1, H, W] (or [1, K, H, W])",
        "output iou_predictions: float32 [1, 1] (or [1, K])",
        "output low_res_masks: float32 [1, 1, 256, 256] (optional)",
    ];
}
