using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SegmentS2.Sam;
using SegmentS2.Testing.Models;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Sam;

public sealed class OnnxSamSessionLoadTests : IClassFixture<SamContractModels>
{
    private readonly SamContractModels models;

    public OnnxSamSessionLoadTests(SamContractModels models) => this.models = models;

    [Fact]
    public void An_x_encoder_is_detected_as_nchw_normalised_with_sams_shapes()
    {
        using var session = OnnxSamSession.Load(models.NchwEncoder, models.Decoder);

        Assert.Equal(SamEncoderLayout.NchwNormalized, session.Model.EncoderLayout);
        Assert.Equal("x", session.Model.EncoderInputName);
        Assert.Equal(1024, session.Model.ImageSize);
        Assert.Equal(new[] { 1, 256, 64, 64 }, session.Model.EmbeddingShape);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(models.NchwEncoder))), session.Model.ModelHash);
        Assert.Equal(SamExecutionProvider.Cpu, session.ExecutionProvider);
    }

    [Fact]
    public void An_input_image_encoder_is_detected_as_hwc_0_to_255()
    {
        using var session = OnnxSamSession.Load(models.HwcEncoder, models.Decoder);

        Assert.Equal(SamEncoderLayout.Hwc255, session.Model.EncoderLayout);
        Assert.Equal("input_image", session.Model.EncoderInputName);
        Assert.Equal(1024, session.Model.ImageSize); // dynamic [H, W, 3]: 16 x the 64-cell embedding
        Assert.Equal(new[] { 1, 256, 64, 64 }, session.Model.EmbeddingShape);
    }

    [Fact]
    public async Task Both_encoder_layouts_give_the_same_embedding_and_mask_for_the_same_chip()
    {
        using var nchw = OnnxSamSession.Load(models.NchwEncoder, models.Decoder);
        using var hwc = OnnxSamSession.Load(models.HwcEncoder, models.Decoder);
        var pixels = RgbHwc(11);

        var fromNchw = await nchw.GetEmbeddingAsync(new SamEncoderInput(NchwNormalized(pixels), Size, Size, "same"));
        var fromHwc = await hwc.GetEmbeddingAsync(new SamEncoderInput(pixels, Size, Size, "same"));

        var a = fromNchw.Data.ToArray();
        var b = fromHwc.Data.ToArray();
        Assert.Equal(a.Length, b.Length);
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) < 1e-4, "embeddings differ");
        Assert.NotEqual(nchw.Model.ModelHash, hwc.Model.ModelHash);

        var prompt = Prompt(Call((512.5f, 256.25f, 1), (0, 0, -1)));
        var maskA = new byte[Size * Size];
        var maskB = new byte[Size * Size];
        await nchw.DecodeAsync(fromNchw, prompt, maskA);
        await hwc.DecodeAsync(fromHwc, prompt, maskB);
        Assert.Equal(maskA, maskB);
    }

    [Fact]
    public async Task Different_chips_give_different_embeddings()
    {
        using var session = models.Open();
        var a = (await session.GetEmbeddingAsync(NchwInput(21, "a"))).Data.ToArray();
        var b = (await session.GetEmbeddingAsync(NchwInput(22, "b"))).Data.ToArray();

        Assert.True(a.Zip(b).Count(p => p.First != p.Second) > a.Length / 2);
    }

    [Fact]
    public void A_text_file_is_rejected_as_not_onnx_naming_the_file()
    {
        var path = Path.Combine(models.NewDirectory("not-onnx"), "encoder.onnx");
        File.WriteAllText(path, "This is a README, not a model.\n");

        var error = Assert.Throws<SamModelLoadException>(() => OnnxSamSession.Load(path, models.Decoder));

        Assert.Contains(path, error.Message);
        Assert.Contains("not an ONNX model", error.Message);
        Assert.Equal(path, error.ModelName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Empty_truncated_or_random_files_are_rejected_naming_the_file(int kind)
    {
        var path = Path.Combine(models.NewDirectory("bad"), "decoder.onnx");
        var real = File.ReadAllBytes(models.Decoder);
        var bytes = kind switch
        {
            0 => [],
            1 => real[..(real.Length / 2)],
            _ => Enumerable.Range(0, 4096).Select(i => (byte)new Random(i).Next(256)).ToArray(),
        };
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<SamModelLoadException>(() => OnnxSamSession.Load(models.NchwEncoder, path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        var path = Path.Combine(models.Directory, "nowhere", "vit_b_encoder.onnx");

        var error = Assert.Throws<SamModelLoadException>(() => OnnxSamSession.Load(path, models.Decoder));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_decoder_with_wrong_input_names_lists_expected_and_found_inputs()
    {
        var path = Path.Combine(models.NewDirectory("renamed"), "decoder.onnx");
        SamContractModelBuilder.WriteDecoder(path, new SamContractModelOptions
        {
            RenamedTensors = new Dictionary<string, string> { ["point_coords"] = "coords", ["point_labels"] = "labels" },
        });

        var error = Assert.Throws<SamModelContractException>(() => OnnxSamSession.Load(models.NchwEncoder, path));

        Assert.Contains("missing decoder inputs 'point_coords', 'point_labels'", error.Message);
        Assert.Contains("unknown decoder inputs 'coords', 'labels'", error.Message);
        Assert.Contains(error.Expected, e => e.StartsWith("input point_coords: float32 [1, N, 2]", StringComparison.Ordinal));
        Assert.Contains("input coords: float32 [1, num_points, 2]", error.Found);
        Assert.Contains("input image_embeddings: float32 [1, 256, 64, 64]", error.Found);
        Assert.Contains("input coords: float32 [1, num_points, 2]", error.Message);
        Assert.Equal(path, error.ModelName);
    }

    [Fact]
    public void An_encoder_with_an_unknown_input_name_lists_the_accepted_ones()
    {
        var path = Path.Combine(models.NewDirectory("renamed-encoder"), "encoder.onnx");
        SamContractModelBuilder.WriteEncoder(path, SamEncoderLayout.NchwNormalized, new SamContractModelOptions
        {
            RenamedTensors = new Dictionary<string, string> { ["x"] = "pixel_values" },
        });

        var error = Assert.Throws<SamModelContractException>(() => OnnxSamSession.Load(path, models.Decoder));

        Assert.Contains("'pixel_values'", error.Message);
        Assert.Contains(error.Expected, e => e.StartsWith("input x: float32 [1, 3, 1024, 1024]", StringComparison.Ordinal));
        Assert.Contains(error.Expected, e => e.StartsWith("input input_image: float32 [H, W, 3]", StringComparison.Ordinal));
        Assert.Contains("input pixel_values: float32 [1, 3, 1024, 1024]", error.Found);
    }

    [Fact]
    public void Swapped_encoder_and_decoder_are_refused()
    {
        var error = Assert.Throws<SamModelContractException>(() => OnnxSamSession.Load(models.Decoder, models.NchwEncoder));

        Assert.Contains("exactly one input", error.Message);
        Assert.Contains(error.Found, f => f.StartsWith("input point_coords:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_encoder_and_decoder_with_different_embedding_shapes_are_refused()
    {
        var path = Path.Combine(models.NewDirectory("small-embedding"), "decoder.onnx");
        SamContractModelBuilder.WriteDecoder(path, new SamContractModelOptions { EmbeddingSize = 32 });

        var error = Assert.Throws<SamModelContractException>(() => OnnxSamSession.Load(models.NchwEncoder, path));

        Assert.Contains("image_embeddings: float32 [1, 256, 64, 64]", error.Message);
        Assert.Contains("image_embeddings: float32 [1, 256, 32, 32]", error.Message);
    }

    [Fact]
    public async Task An_encoder_with_external_data_loads_from_its_path_and_matches_the_inline_encoder()
    {
        var directory = models.NewDirectory("vit-h-style");
        var path = Path.Combine(directory, "vit_h_encoder.onnx");
        SamContractModelBuilder.WriteEncoder(path, SamEncoderLayout.NchwNormalized, new SamContractModelOptions { ExternalDataFileName = "vit_h_encoder.onnx.data" });
        var dataPath = Path.Combine(directory, "vit_h_encoder.onnx.data");
        Assert.True(new FileInfo(dataPath).Length >= 256 * 3 * sizeof(float), "weights are in the side file");
        Assert.True(new FileInfo(path).Length < new FileInfo(models.NchwEncoder).Length, "the .onnx holds no weights");

        using var external = OnnxSamSession.Load(path, models.Decoder);
        using var inline = models.Open();
        var input = NchwInput(31, "ext");

        var a = (await external.GetEmbeddingAsync(input)).Data.ToArray();
        var b = (await inline.GetEmbeddingAsync(input)).Data.ToArray();

        Assert.Equal(b, a);
        var expectedHash = Convert.ToHexStringLower(SHA256.HashData([.. File.ReadAllBytes(path), .. File.ReadAllBytes(dataPath)]));
        Assert.Equal(expectedHash, external.Model.ModelHash);
    }

    [Fact]
    public async Task An_encoder_with_external_data_loads_from_bytes_given_its_directory()
    {
        var directory = models.NewDirectory("vit-h-bytes");
        var path = Path.Combine(directory, "encoder.onnx");
        SamContractModelBuilder.WriteEncoder(path, SamEncoderLayout.NchwNormalized, new SamContractModelOptions { ExternalDataFileName = "weights.bin" });

        using var session = OnnxSamSession.Load(
            SamModelSource.FromBytes(File.ReadAllBytes(path), "encoder.onnx", directory),
            await SamModelSource.FromStreamAsync(File.OpenRead(models.Decoder), "decoder.onnx"));
        using var inline = models.Open();
        var input = NchwInput(32, "bytes");

        Assert.Equal((await inline.GetEmbeddingAsync(input)).Data.ToArray(), (await session.GetEmbeddingAsync(input)).Data.ToArray());
    }

    [Fact]
    public void An_encoder_with_external_data_from_bytes_without_a_directory_names_the_data_file()
    {
        var directory = models.NewDirectory("vit-h-no-dir");
        var path = Path.Combine(directory, "encoder.onnx");
        SamContractModelBuilder.WriteEncoder(path, SamEncoderLayout.NchwNormalized, new SamContractModelOptions { ExternalDataFileName = "weights.bin" });

        var error = Assert.Throws<SamExternalDataNotFoundException>(() => OnnxSamSession.Load(
            SamModelSource.FromBytes(File.ReadAllBytes(path), "encoder.onnx"), SamModelSource.FromFile(models.Decoder)));

        Assert.Equal("weights.bin", error.Location);
        Assert.Null(error.ExpectedPath);
        Assert.Contains("'weights.bin'", error.Message);
    }

    [Fact]
    public void A_missing_external_data_file_is_named()
    {
        var directory = models.NewDirectory("vit-h-missing");
        var path = Path.Combine(directory, "vit_h_encoder.onnx");
        SamContractModelBuilder.WriteEncoder(path, SamEncoderLayout.NchwNormalized, new SamContractModelOptions { ExternalDataFileName = "vit_h_encoder_data.bin" });
        File.Delete(Path.Combine(directory, "vit_h_encoder_data.bin"));

        var error = Assert.Throws<SamExternalDataNotFoundException>(() => OnnxSamSession.Load(path, models.Decoder));

        Assert.Equal(Path.Combine(directory, "vit_h_encoder_data.bin"), error.ExpectedPath);
        Assert.Contains("vit_h_encoder_data.bin", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Cuda_without_its_native_package_falls_back_to_the_cpu_with_a_warning()
    {
        var logger = new ListLogger();

        using var session = models.Open(new SamSessionOptions { ExecutionProvider = SamExecutionProvider.Cuda }, logger);

        Assert.Equal(SamExecutionProvider.Cpu, session.ExecutionProvider);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Cuda", StringComparison.Ordinal));
    }

    [Fact]
    public void Cuda_without_fallback_fails_with_a_typed_error()
    {
        var error = Assert.Throws<SamExecutionProviderUnavailableException>(() =>
            models.Open(new SamSessionOptions { ExecutionProvider = SamExecutionProvider.Cuda, FallBackToCpu = false }));

        Assert.Equal(SamExecutionProvider.Cuda, error.Provider);
    }

    [Fact]
    public void Session_options_are_honoured_and_validated()
    {
        using var session = models.Open(new SamSessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_DISABLE_ALL,
        });
        Assert.Equal(1024, session.Model.ImageSize);

        var error = Assert.Throws<InvalidOptionException>(() => models.Open(new SamSessionOptions { IntraOpNumThreads = -2 }));
        Assert.Equal(nameof(SamSessionOptions.IntraOpNumThreads), error.OptionName);
        Assert.Contains("-2", error.Message);
        Assert.Equal(nameof(SamSessionOptions.EmbeddingCacheBytes),
            Assert.Throws<InvalidOptionException>(() => models.Open(new SamSessionOptions { EmbeddingCacheBytes = -1 })).OptionName);
    }
}
