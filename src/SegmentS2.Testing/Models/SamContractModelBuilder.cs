using Google.Protobuf;
using Onnx;
using SegmentS2.Sam;
using static SegmentS2.Testing.Models.OnnxGraphWriter;

namespace SegmentS2.Testing.Models;

/// <summary>
/// Writes small ONNX encoder and decoder files with exactly SAM's contract (tensor names, element
/// types, ranks and dynamic axes) but trivial, predictable arithmetic, so that a pipeline can be
/// tested end to end through ONNX Runtime without SAM's weights. These models are NOT Segment
/// Anything: they do not segment images, and say so in their metadata.
/// </summary>
/// <remarks>
/// <para><b>Encoder.</b> With p = image size / embedding size, embedding[c, i, j] =
/// <see cref="EncoderBias"/>(c) + sum over k of <see cref="EncoderWeight"/>(c, k) x (mean of input channel k
/// over the p x p block at rows i·p.., columns j·p..). The <c>x</c> layout takes the normalised
/// [1, 3, S, S] tensor; the <c>input_image</c> layout takes [H, W, 3] in 0..255, normalises it with
/// SAM's mean and std, moves channels first and pads with zeros to S x S, as segment-anything's
/// <c>ImageEncoderOnnxModel</c> does, so both layouts give the same embedding for the same chip.</para>
/// <para><b>Decoder.</b> It works as SAM's decoder does: logits on a low-resolution grid of 4e x 4e (256 x 256 for
/// SAM), returned as <c>low_res_masks</c> [B, 1, 4e, 4e], then SAM's <c>mask_postprocessing</c> as its ONNX export writes
/// it (bilinear with half-pixel centres to S x S, crop to the chip's extent in the prompt frame, bilinear to
/// <c>orig_im_size</c> [H, W]) for <c>masks</c> [B, 1, H, W]. B is 1 unless <see cref="SamContractModelOptions.PromptBatch"/>.
/// Low-resolution pixel (row i, column j) sits at (x, y) = (p(j), p(i)) in the prompt frame, p(i) = (i + 0.5) S / 4e − 0.5.
/// Its logit is: if any label is 1, R² − ((x − x0)² + (y − y0)²) with (x0, y0) the first point labelled 1 (a disc of
/// radius R); else, if labels 2 and 3 are present, min(x − x1, x2 − x, y − y1, y2 − y) with (x1, y1) labelled 2 and
/// (x2, y2) labelled 3 (the box interior); else −1 everywhere. Labels 0 and −1 are ignored. So a mask pixel (r, c) of a
/// 1024 px chip holds, up to the bilinear rounding of the disc's edge (under 0.1 px for R = 40), the logit at (c, r).
/// <c>iou_predictions</c> [B, 1] is the mean of the embedding's first channel plus <see cref="SamContractModelOptions.IouOffset"/>.</para>
/// </remarks>
public static class SamContractModelBuilder
{
    /// <summary>File name of the demo encoder written by <see cref="WriteDemoModels"/>.</summary>
    public const string DemoEncoderFileName = "sam-contract-demo.encoder.onnx";

    /// <summary>File name of the demo decoder written by <see cref="WriteDemoModels"/>.</summary>
    public const string DemoDecoderFileName = "sam-contract-demo.decoder.onnx";

    private const int OpsetVersion = 17;
    private const long IrVersion = 8;
    private const int ExternalDataAlignment = 4096;
    private const string NotSamNotice =
        "NOT Segment Anything. A SegmentS2 SAM-contract test model: SAM's input and output names, types and shapes with trivial, " +
        "deterministic arithmetic (block-average encoder; decoder draws a disc around the first foreground point or fills the box). " +
        "It does not segment images; export real SAM weights as docs/models.md describes.";

    private static readonly float[] PixelMean = [123.675f, 116.28f, 103.53f];
    private static readonly float[] PixelStd = [58.395f, 57.12f, 57.375f];

    /// <summary>The encoder's projection weight from input channel <paramref name="inputChannel"/> (0..2) to embedding channel <paramref name="channel"/>.</summary>
    public static float EncoderWeight(int channel, int inputChannel) => ((channel * 3 + inputChannel) % 7 - 3) * 0.25f;

    /// <summary>The encoder's bias of embedding channel <paramref name="channel"/>.</summary>
    public static float EncoderBias(int channel) => (channel % 5 - 2) * 0.125f;

    /// <summary>Writes an encoder model to <paramref name="path"/> (and its external data file beside it when the options ask for one).</summary>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="layout">Which input layout the encoder takes.</param>
    /// <param name="options">Shapes and deviations; SAM's contract when null.</param>
    public static void WriteEncoder(string path, SamEncoderLayout layout, SamContractModelOptions? options = null)
    {
        options ??= new SamContractModelOptions();
        options.Validate();
        var model = CreateEncoder(layout, options);
        if (options.ExternalDataFileName is { } dataFile)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            WriteAtomically(Path.Combine(directory, dataFile), MoveWeightsToExternalData(model.Graph, dataFile));
        }

        WriteAtomically(path, model.ToByteArray());
    }

    /// <summary>Writes a decoder model to <paramref name="path"/>.</summary>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Shapes and deviations; SAM's contract when null.</param>
    public static void WriteDecoder(string path, SamContractModelOptions? options = null)
    {
        options ??= new SamContractModelOptions();
        options.Validate();
        WriteAtomically(path, CreateDecoder(options).ToByteArray());
    }

    /// <summary>An encoder model's bytes, weights inline.</summary>
    public static byte[] BuildEncoder(SamEncoderLayout layout, SamContractModelOptions? options = null)
    {
        options ??= new SamContractModelOptions();
        options.Validate();
        if (options.ExternalDataFileName is not null)
        {
            throw new ArgumentException("External data needs a file; use WriteEncoder.", nameof(options));
        }

        return CreateEncoder(layout, options).ToByteArray();
    }

    /// <summary>A decoder model's bytes.</summary>
    public static byte[] BuildDecoder(SamContractModelOptions? options = null)
    {
        options ??= new SamContractModelOptions();
        options.Validate();
        return CreateDecoder(options).ToByteArray();
    }

    /// <summary>
    /// Writes the demo pair the CLI demo uses (an <c>x</c>-layout encoder and a decoder with SAM's
    /// contract) into <paramref name="directory"/>. These are contract models, NOT SAM.
    /// </summary>
    /// <returns>The encoder and decoder paths.</returns>
    public static (string EncoderPath, string DecoderPath) WriteDemoModels(string directory)
    {
        Directory.CreateDirectory(directory);
        var encoderPath = Path.Combine(directory, DemoEncoderFileName);
        var decoderPath = Path.Combine(directory, DemoDecoderFileName);
        WriteEncoder(encoderPath, SamEncoderLayout.NchwNormalized);
        WriteDecoder(decoderPath);
        return (encoderPath, decoderPath);
    }

    private static ModelProto CreateEncoder(SamEncoderLayout layout, SamContractModelOptions options)
    {
        var size = options.ImageSize;
        var graph = new OnnxGraphWriter("sam_contract_encoder");
        string batched;
        if (layout == SamEncoderLayout.NchwNormalized)
        {
            batched = options.Name("x");
            graph.Input(batched, Dim(1), Dim(3), Dim(size), Dim(size));
        }
        else
        {
            var image = options.Name("input_image");
            graph.Input(image, Dim("image_height"), Dim("image_width"), Dim(3));
            var normalised = graph.Op("Div", [graph.Op("Sub", [image, graph.Floats(PixelMean, 3)]), graph.Floats(PixelStd, 3)]);
            var channelsFirst = graph.Op("Transpose", [normalised], Ints("perm", 2, 0, 1));
            var heightWidth = graph.Op("Slice", [graph.Op("Shape", [image]), graph.Int64s([0], 1), graph.Int64s([2], 1), graph.Int64s([0], 1)]);
            var padding = graph.Op("Sub", [graph.Int64s([size, size], 2), heightWidth]);
            var pads = graph.Op("Concat", [graph.Int64s([0, 0, 0, 0], 4), padding], Int("axis", 0));
            var padded = graph.Op("Pad", [channelsFirst, pads]);
            batched = graph.Op("Unsqueeze", [padded, graph.Int64s([0], 1)]);
        }

        var block = size / options.EmbeddingSize;
        var pooled = graph.Op("AveragePool", [batched], Ints("kernel_shape", block, block), Ints("strides", block, block));
        var channels = options.EmbeddingChannels;
        var weights = new float[channels * 3];
        var bias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            bias[c] = EncoderBias(c);
            for (var k = 0; k < 3; k++)
            {
                weights[c * 3 + k] = EncoderWeight(c, k);
            }
        }

        graph.RawFloats("projection_weight", weights, channels, 3, 1, 1);
        graph.RawFloats("projection_bias", bias, channels);
        var embeddings = options.Name("image_embeddings");
        graph.OpNamed("Conv", embeddings, [pooled, "projection_weight", "projection_bias"], Ints("kernel_shape", 1, 1));
        graph.Output(embeddings, Dim(1), Dim(channels), Dim(options.EmbeddingSize), Dim(options.EmbeddingSize));
        return Model(graph.Graph, "encoder");
    }

    private static ModelProto CreateDecoder(SamContractModelOptions options)
    {
        var graph = new OnnxGraphWriter("sam_contract_decoder");
        var e = options.EmbeddingSize;
        var embeddings = options.Name("image_embeddings");
        var coords = options.Name("point_coords");
        var labels = options.Name("point_labels");
        var maskInput = options.Name("mask_input");
        var hasMaskInput = options.Name("has_mask_input");
        var origImSize = options.Name("orig_im_size");
        graph.Input(embeddings, Dim(1), Dim(options.EmbeddingChannels), Dim(e), Dim(e));
        // One prompt per call, as SAM's own export; with PromptBatch a dynamic first axis, as FarmVibes' export (each prompt its own mask).
        var prompts = options.PromptBatch ? Dim("batch_size") : Dim(1);
        graph.Input(coords, prompts, Dim("num_points"), Dim(2));
        graph.Input(labels, prompts, Dim("num_points"));
        graph.Input(maskInput, Dim(1), Dim(1), Dim(4 * e), Dim(4 * e));
        graph.Input(hasMaskInput, Dim(1));
        graph.Input(origImSize, Dim(2));

        var one = graph.Scalar(1f);
        var first = graph.Int64s([0]);
        var second = graph.Int64s([1]);
        var pointAxis = graph.Int64s([1], 1);
        string Mask(float label) => graph.Op("Cast", [graph.Op("Equal", [labels, graph.Scalar(label)])], Int("to", (int)TensorProto.Types.DataType.Float));
        string SumOverPoints(string values) => graph.Op("ReduceSum", [values, pointAxis], Int("keepdims", 0));
        string AtLeastOne(string mask) => graph.Op("Min", [SumOverPoints(mask), one]);

        var xs = graph.Op("Gather", [coords, first], Int("axis", 2));
        var ys = graph.Op("Gather", [coords, second], Int("axis", 2));

        // First foreground point: a one-hot weight where the running count of foreground labels first reaches 1.
        var foreground = Mask(1f);
        var running = graph.Op("CumSum", [foreground, graph.Int64s([1])]);
        var firstForeground = graph.Op("Mul", [foreground, graph.Op("Cast", [graph.Op("Equal", [running, one])], Int("to", (int)TensorProto.Types.DataType.Float))]);
        var x0 = SumOverPoints(graph.Op("Mul", [xs, firstForeground]));
        var y0 = SumOverPoints(graph.Op("Mul", [ys, firstForeground]));
        var hasForeground = AtLeastOne(foreground);

        var topLeft = Mask(2f);
        var bottomRight = Mask(3f);
        var x1 = SumOverPoints(graph.Op("Mul", [xs, topLeft]));
        var y1 = SumOverPoints(graph.Op("Mul", [ys, topLeft]));
        var x2 = SumOverPoints(graph.Op("Mul", [xs, bottomRight]));
        var y2 = SumOverPoints(graph.Op("Mul", [ys, bottomRight]));
        var hasBox = graph.Op("Mul", [AtLeastOne(topLeft), AtLeastOne(bottomRight)]);

        // Per-prompt values ([B]) as [B, 1, 1], against the pixel grid ([H, 1] rows, [1, W] columns): masks [B, H, W].
        var perPrompt = graph.Int64s([-1, 1, 1], 3);
        string PerPrompt(string value) => graph.Op("Reshape", [value, perPrompt]);
        (x0, y0, x1, y1, x2, y2) = (PerPrompt(x0), PerPrompt(y0), PerPrompt(x1), PerPrompt(y1), PerPrompt(x2), PerPrompt(y2));
        (hasForeground, hasBox) = (PerPrompt(hasForeground), PerPrompt(hasBox));

        // The logits are drawn on the low-resolution grid (4 x embedding size, 256 for SAM), as SAM's mask decoder does:
        // low-resolution pixel i sits at (i + 0.5) x S / 4e - 0.5 in the prompt frame, the point that an upscale to S
        // with half-pixel centres puts exactly on it.
        var lowResSize = 4 * e;
        var step = (float)options.ImageSize / lowResSize;
        var zero = graph.Scalar(0f);
        var positions = graph.Op("Add", [graph.Op("Mul", [graph.Op("Range", [zero, graph.Scalar(lowResSize), one]), graph.Scalar(step)]), graph.Scalar(step / 2 - 0.5f)]);
        var rows = graph.Op("Unsqueeze", [positions, graph.Int64s([1], 1)]);
        var cols = graph.Op("Unsqueeze", [positions, graph.Int64s([0], 1)]);

        var dx = graph.Op("Sub", [cols, x0]);
        var dy = graph.Op("Sub", [rows, y0]);
        var distanceSquared = graph.Op("Add", [graph.Op("Mul", [dx, dx]), graph.Op("Mul", [dy, dy])]);
        var disc = graph.Op("Sub", [graph.Scalar(options.DiscRadius * options.DiscRadius), distanceSquared]);

        var insideX = graph.Op("Min", [graph.Op("Sub", [cols, x1]), graph.Op("Sub", [x2, cols])]);
        var insideY = graph.Op("Min", [graph.Op("Sub", [rows, y1]), graph.Op("Sub", [y2, rows])]);
        var box = graph.Op("Min", [insideX, insideY]);

        var noForeground = graph.Op("Sub", [one, hasForeground]);
        var useBox = graph.Op("Mul", [hasBox, noForeground]);
        var useNothing = graph.Op("Mul", [noForeground, graph.Op("Sub", [one, hasBox])]);
        var logits = graph.Op("Add",
        [
            graph.Op("Add", [graph.Op("Mul", [disc, hasForeground]), graph.Op("Mul", [box, useBox])]),
            graph.Op("Mul", [graph.Scalar(-1f), useNothing]),
        ]);

        var masks = options.Name("masks");
        var iou = options.Name("iou_predictions");
        var lowRes = options.Name("low_res_masks");
        var lowResLogits = graph.Op("Unsqueeze", [logits, graph.Int64s([1], 1)]);

        // masks: SAM's mask_postprocessing, as its ONNX export writes it. Bilinear (half-pixel) to S x S, crop to the
        // prompt frame's extent of the chip (longest side S: round(H x S / max(H, W)), likewise W), bilinear to [H, W].
        var linear = new[] { Text("mode", "linear"), Text("coordinate_transformation_mode", "half_pixel") };
        var batchAndChannel = graph.Op("Slice", [graph.Op("Shape", [lowResLogits]), graph.Int64s([0], 1), graph.Int64s([2], 1)]);
        var upscaled = graph.Op("Resize", [lowResLogits, "", "", graph.Op("Concat", [batchAndChannel, graph.Int64s([options.ImageSize, options.ImageSize], 2)], Int("axis", 0))], linear);
        var scale = graph.Op("Div", [graph.Scalar(options.ImageSize), graph.Op("ReduceMax", [origImSize], Int("keepdims", 0))]);
        var prepadded = graph.Op("Cast", [graph.Op("Floor", [graph.Op("Add", [graph.Op("Mul", [origImSize, scale]), graph.Scalar(0.5f)])])], Int("to", (int)TensorProto.Types.DataType.Int64));
        var cropped = graph.Op("Slice", [upscaled, graph.Int64s([0, 0], 2), prepadded, graph.Int64s([2, 3], 2)]);
        var origSize = graph.Op("Cast", [origImSize], Int("to", (int)TensorProto.Types.DataType.Int64));
        graph.OpNamed("Resize", masks, [cropped, "", "", graph.Op("Concat", [batchAndChannel, origSize], Int("axis", 0))], linear);
        // The same score for every prompt of the call: [B, 1] zeros (from the labels) plus the mean of the embedding's first
        // channel and the offset (one channel, so that a call costs what its prompts cost, not a pass over the embedding).
        var zeros = graph.Op("ReduceSum", [graph.Op("Mul", [labels, zero]), pointAxis], Int("keepdims", 1));
        var firstChannel = graph.Op("Slice", [embeddings, graph.Int64s([0], 1), graph.Int64s([1], 1), graph.Int64s([1], 1)]);
        graph.OpNamed("Add", iou, [zeros, graph.Op("Add", [graph.Op("ReduceMean", [firstChannel], Int("keepdims", 0)), graph.Scalar(options.IouOffset)])]);
        if (options.LowResMasksEchoMaskInput)
        {
            graph.OpNamed("Identity", lowRes, [maskInput]);
        }
        else
        {
            graph.OpNamed("Identity", lowRes, [lowResLogits]);
        }

        graph.Output(masks, prompts, Dim(1), Dim("mask_height"), Dim("mask_width"));
        graph.Output(iou, prompts, Dim(1));
        graph.Output(lowRes, options.LowResMasksEchoMaskInput ? Dim(1) : prompts, Dim(1), Dim(lowResSize), Dim(lowResSize));
        return Model(graph.Graph, "decoder");
    }

    private static ModelProto Model(GraphProto graph, string part)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "SegmentS2.Testing",
            ProducerVersion = typeof(SamContractModelBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            Domain = "segment-s2.testing",
            DocString = NotSamNotice,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "segment_s2.model", Value = "sam-contract-test-" + part });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "not_sam", Value = NotSamNotice });
        return model;
    }

    /// <summary>Moves every raw-data initializer into one external data file; returns the file's bytes.</summary>
    private static byte[] MoveWeightsToExternalData(GraphProto graph, string location)
    {
        using var data = new MemoryStream();
        foreach (var tensor in graph.Initializer.Where(t => !t.RawData.IsEmpty))
        {
            var padding = (int)((ExternalDataAlignment - data.Length % ExternalDataAlignment) % ExternalDataAlignment);
            data.Write(new byte[padding]);
            var offset = data.Length;
            tensor.RawData.WriteTo(data);
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.DataLocation = TensorProto.Types.DataLocation.External;
            tensor.RawData = ByteString.Empty;
        }

        return data.ToArray();
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, full, overwrite: true);
    }
}
