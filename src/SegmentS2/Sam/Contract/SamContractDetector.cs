using static SegmentS2.Sam.Contract.SamContractNames;

namespace SegmentS2.Sam.Contract;

/// <summary>
/// Decides from input and output metadata which SAM contract a model pair follows, and refuses
/// anything else with the expected and found signatures.
/// </summary>
internal static class SamContractDetector
{
    /// <summary>SAM's ViT patch size: a dynamic-size encoder takes 16 pixels per embedding cell.</summary>
    private const int PatchSize = 16;

    private const int MaxImageSize = 16384;

    public static SamContract Detect(
        string encoderName,
        IReadOnlyList<ModelTensor> encoderInputs,
        IReadOnlyList<ModelTensor> encoderOutputs,
        string decoderName,
        IReadOnlyList<ModelTensor> decoderInputs,
        IReadOnlyList<ModelTensor> decoderOutputs)
    {
        var encoder = DetectEncoder(encoderName, encoderInputs, encoderOutputs);
        var decoder = DetectDecoder(decoderName, decoderInputs, decoderOutputs);

        var embedding = new int[4];
        embedding[0] = 1;
        for (var i = 1; i < 4; i++)
        {
            var fromEncoder = encoder.Embeddings.Dimensions[i];
            var fromDecoder = decoder.Embeddings.Dimensions[i];
            if (fromEncoder >= 0 && fromDecoder >= 0 && fromEncoder != fromDecoder)
            {
                throw new SamModelContractException(
                    decoderName,
                    $"the encoder '{encoderName}' produces {encoder.Embeddings.ToSignature("output")} but the decoder takes {decoder.Embeddings.ToSignature("input")}; the two models come from different SAM variants or exports.",
                    [encoder.Embeddings.ToSignature("encoder output").ToString(), "decoder input with the same shape"],
                    [encoder.Embeddings.ToSignature("encoder output"), decoder.Embeddings.ToSignature("decoder input")]);
            }

            embedding[i] = fromEncoder >= 0 ? fromEncoder : fromDecoder;
            if (embedding[i] <= 0)
            {
                throw new SamModelContractException(
                    decoderName,
                    $"the embedding dimension {i} is dynamic in both the encoder and the decoder, so its size is unknown.",
                    ExpectedDecoder,
                    [encoder.Embeddings.ToSignature("encoder output"), decoder.Embeddings.ToSignature("decoder input")]);
            }
        }

        var imageSize = encoder.ImageSize > 0 ? encoder.ImageSize : PatchSize * embedding[2];
        if (encoder.ImageSize <= 0 && embedding[2] != embedding[3])
        {
            throw Contract(encoderName, $"the encoder's input size is dynamic and its embedding {embedding[2]} x {embedding[3]} is not square, so the image size is unknown.", ExpectedEncoder, encoderInputs, encoderOutputs);
        }

        if (imageSize > MaxImageSize)
        {
            throw Contract(encoderName, $"the encoder's input size {imageSize} is larger than {MaxImageSize}.", ExpectedEncoder, encoderInputs, encoderOutputs);
        }

        var maskInput = decoder.MaskInput;
        var maskHeight = maskInput.Dimensions[2] > 0 ? maskInput.Dimensions[2] : 4 * embedding[2];
        var maskWidth = maskInput.Dimensions[3] > 0 ? maskInput.Dimensions[3] : 4 * embedding[3];
        return new SamContract(encoder.Layout, encoder.InputName, imageSize, embedding, maskHeight, maskWidth, decoder.PromptBatch);
    }

    private static (SamEncoderLayout Layout, string InputName, int ImageSize, ModelTensor Embeddings) DetectEncoder(
        string name, IReadOnlyList<ModelTensor> inputs, IReadOnlyList<ModelTensor> outputs)
    {
        if (inputs.Count != 1)
        {
            throw Contract(name, $"an encoder has exactly one input; this model has {inputs.Count}.", ExpectedEncoder, inputs, outputs);
        }

        var input = inputs[0];
        if (input.Name is not (EncoderInputNchw or EncoderInputImage))
        {
            throw Contract(name, $"the encoder input is named '{input.Name}'; expected '{EncoderInputNchw}' or '{EncoderInputImage}'.", ExpectedEncoder, inputs, outputs);
        }

        if (!input.IsFloatTensor)
        {
            throw Contract(name, $"the encoder input '{input.Name}' must be a float32 tensor.", ExpectedEncoder, inputs, outputs);
        }

        SamEncoderLayout layout;
        int height, width;
        if (input.Rank == 4 && input.Allows(0, 1) && input.Allows(1, 3))
        {
            layout = SamEncoderLayout.NchwNormalized;
            (height, width) = (input.Dimensions[2], input.Dimensions[3]);
        }
        else if (input.Rank == 3 && input.Allows(2, 3))
        {
            layout = SamEncoderLayout.Hwc255;
            (height, width) = (input.Dimensions[0], input.Dimensions[1]);
        }
        else
        {
            throw Contract(name, $"the encoder input '{input.Name}' must be [1, 3, S, S] (NCHW) or [H, W, 3] (HWC).", ExpectedEncoder, inputs, outputs);
        }

        if (height >= 0 && width >= 0 && height != width)
        {
            throw Contract(name, $"the encoder input '{input.Name}' is {height} x {width}; SAM encoders take a square image.", ExpectedEncoder, inputs, outputs);
        }

        if (height == 0 || width == 0)
        {
            throw Contract(name, $"the encoder input '{input.Name}' has a zero-sized dimension.", ExpectedEncoder, inputs, outputs);
        }

        var embeddings = outputs.FirstOrDefault(o => o.Name == ImageEmbeddings);
        if (embeddings is null || !embeddings.IsFloatTensor || embeddings.Rank != 4 || !embeddings.Allows(0, 1))
        {
            throw Contract(name, $"the encoder must have a float32 rank-4 output '{ImageEmbeddings}' with batch 1.", ExpectedEncoder, inputs, outputs);
        }

        return (layout, input.Name, Math.Max(height, width), embeddings);
    }

    private static (ModelTensor Embeddings, ModelTensor MaskInput, bool PromptBatch) DetectDecoder(
        string name, IReadOnlyList<ModelTensor> inputs, IReadOnlyList<ModelTensor> outputs)
    {
        var missing = DecoderInputs.Where(n => inputs.All(i => i.Name != n)).ToArray();
        var unexpected = inputs.Where(i => !DecoderInputs.Contains(i.Name)).Select(i => i.Name).ToArray();
        if (missing.Length > 0 || unexpected.Length > 0)
        {
            var problem = missing.Length > 0 ? $"missing decoder inputs {string.Join(", ", missing.Select(m => $"'{m}'"))}" : string.Empty;
            if (unexpected.Length > 0)
            {
                problem += (problem.Length > 0 ? "; " : string.Empty) + $"unknown decoder inputs {string.Join(", ", unexpected.Select(u => $"'{u}'"))}";
            }

            throw Contract(name, problem + ".", ExpectedDecoder, inputs, outputs);
        }

        ModelTensor Input(string inputName, int rank, params (int Index, int Value)[] fixedDims)
        {
            var tensor = inputs.First(i => i.Name == inputName);
            if (!tensor.IsFloatTensor || tensor.Rank != rank || fixedDims.Any(d => !tensor.Allows(d.Index, d.Value)))
            {
                throw Contract(name, $"the decoder input '{inputName}' is {tensor.ToSignature("input")}, which does not fit the contract.", ExpectedDecoder, inputs, outputs);
            }

            return tensor;
        }

        var embeddings = Input(ImageEmbeddings, 4, (0, 1));
        var coords = Input(PointCoords, 3, (0, 1), (2, 2));
        var labels = Input(PointLabels, 2, (0, 1));
        var maskInput = Input(MaskInput, 4, (0, 1), (1, 1));
        Input(HasMaskInput, 1, (0, 1));
        Input(OrigImSize, 1, (0, 2));
        if (coords.Dimensions[1] >= 0 && labels.Dimensions[1] >= 0 && coords.Dimensions[1] != labels.Dimensions[1])
        {
            throw Contract(name, "'point_coords' and 'point_labels' disagree on the number of points.", ExpectedDecoder, inputs, outputs);
        }

        var masks = outputs.FirstOrDefault(o => o.Name == Masks);
        var iou = outputs.FirstOrDefault(o => o.Name == IouPredictions);
        if (masks is null || !masks.IsFloatTensor || masks.Rank != 4 || !masks.Allows(0, 1))
        {
            throw Contract(name, $"the decoder must have a float32 output '{Masks}' [1, K, H, W].", ExpectedDecoder, inputs, outputs);
        }

        if (iou is null || !iou.IsFloatTensor || iou.Rank != 2 || !iou.Allows(0, 1))
        {
            throw Contract(name, $"the decoder must have a float32 output '{IouPredictions}' [1, K].", ExpectedDecoder, inputs, outputs);
        }

        if (masks.Dimensions[1] >= 0 && iou.Dimensions[1] >= 0 && masks.Dimensions[1] != iou.Dimensions[1])
        {
            throw Contract(name, $"'{Masks}' has {masks.Dimensions[1]} masks but '{IouPredictions}' has {iou.Dimensions[1]} scores.", ExpectedDecoder, inputs, outputs);
        }

        return (embeddings, maskInput, coords.Dimensions[0] < 0 && labels.Dimensions[0] < 0);
    }

    private static SamModelContractException Contract(
        string modelName, string problem, IReadOnlyList<string> expected, IReadOnlyList<ModelTensor> inputs, IReadOnlyList<ModelTensor> outputs) =>
        new(modelName, problem, expected, [.. inputs.Select(i => i.ToSignature("input")), .. outputs.Select(o => o.ToSignature("output"))]);
}
