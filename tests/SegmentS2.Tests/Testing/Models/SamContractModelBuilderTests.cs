using Microsoft.ML.OnnxRuntime;
using Onnx;
using SegmentS2.Sam;
using SegmentS2.Testing.Models;
using SegmentS2.Tests.Sam;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Testing.Models;

public sealed class SamContractModelBuilderTests : IClassFixture<SamContractModels>
{
    private readonly SamContractModels models;

    public SamContractModelBuilderTests(SamContractModels models) => this.models = models;

    [Fact]
    public void Demo_models_load_and_are_labelled_not_sam()
    {
        var (encoderPath, decoderPath) = SamContractModelBuilder.WriteDemoModels(models.NewDirectory("demo"));

        using var session = OnnxSamSession.Load(encoderPath, decoderPath);
        using var encoder = new InferenceSession(encoderPath);
        using var decoder = new InferenceSession(decoderPath);

        Assert.Equal(SamEncoderLayout.NchwNormalized, session.Model.EncoderLayout);
        foreach (var model in new[] { encoder, decoder })
        {
            Assert.StartsWith("NOT Segment Anything", model.ModelMetadata.Description, StringComparison.Ordinal);
            Assert.StartsWith("NOT Segment Anything", model.ModelMetadata.CustomMetadataMap["not_sam"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Models_use_ir_and_opset_versions_onnx_runtime_supports()
    {
        foreach (var bytes in new[] { SamContractModelBuilder.BuildEncoder(SamEncoderLayout.Hwc255), SamContractModelBuilder.BuildDecoder() })
        {
            var model = ModelProto.Parser.ParseFrom(bytes);
            Assert.InRange(model.IrVersion, 3, 13);
            Assert.All(model.OpsetImport, o => Assert.InRange(o.Version, 13, 26));
        }
    }

    [Fact]
    public void The_decoder_has_sams_names_types_and_dynamic_point_axis()
    {
        using var decoder = new InferenceSession(models.Decoder);

        Assert.Equal(["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"], decoder.InputMetadata.Keys);
        Assert.Equal(["masks", "iou_predictions", "low_res_masks"], decoder.OutputMetadata.Keys);
        Assert.All(decoder.InputMetadata.Values, m => Assert.Equal(typeof(float), m.ElementType));
        Assert.Equal([1, -1, 2], decoder.InputMetadata["point_coords"].Dimensions);
        Assert.Equal("num_points", decoder.InputMetadata["point_coords"].SymbolicDimensions[1]);
        Assert.Equal([1, -1], decoder.InputMetadata["point_labels"].Dimensions);
        Assert.Equal([1, 1, 256, 256], decoder.InputMetadata["mask_input"].Dimensions);
        Assert.Equal([1, 1, -1, -1], decoder.OutputMetadata["masks"].Dimensions);
    }

    [Fact]
    public async Task The_decoder_takes_any_number_of_points()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(81, "points"));
        var mask = new byte[Size * Size];
        var points = Enumerable.Range(0, 64).Select(i => (X: 10f + 15 * i, Y: 20f + 14 * i, Label: i == 5 ? 1f : 0f)).ToArray();

        await session.DecodeAsync(embedding, Prompt(Call(points)), mask);

        Assert.Equal(Disc(Size, Size, 10 + 15 * 5, 20 + 14 * 5, 40), mask);
    }

    [Fact]
    public async Task The_hwc_encoder_pads_a_smaller_image_like_segment_anything()
    {
        // input_image has dynamic height and width; the graph pads at the bottom and right to 1024.
        const int height = 600, width = 800;
        var pixels = RgbHwc(82, height, width);
        using var hwcEncoder = new InferenceSession(models.HwcEncoder);
        using var nchwEncoder = new InferenceSession(models.NchwEncoder);

        using var runOptions = new RunOptions();
        using var hwcInput = OrtValue.CreateTensorValueFromMemory(pixels, [height, width, 3]);
        using var hwcOutput = hwcEncoder.Run(runOptions, new Dictionary<string, OrtValue> { ["input_image"] = hwcInput }, ["image_embeddings"]);
        using var nchwInput = OrtValue.CreateTensorValueFromMemory(NchwNormalized(pixels, height, width), [1, 3, Size, Size]);
        using var nchwOutput = nchwEncoder.Run(runOptions, new Dictionary<string, OrtValue> { ["x"] = nchwInput }, ["image_embeddings"]);

        var a = hwcOutput[0].GetTensorDataAsSpan<float>().ToArray();
        var b = nchwOutput[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(256 * 64 * 64, a.Length);
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) < 1e-4, "padded HWC and NCHW embeddings differ");
    }
}
