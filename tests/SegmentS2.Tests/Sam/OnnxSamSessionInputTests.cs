using SegmentS2.Prompts;
using SegmentS2.Sam;
using SegmentS2.Sam.Decoding;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Sam;

public sealed class OnnxSamSessionInputTests : IClassFixture<SamContractModels>
{
    private readonly SamContractModels models;

    public OnnxSamSessionInputTests(SamContractModels models) => this.models = models;

    [Fact]
    public async Task An_encoder_tensor_of_the_wrong_size_is_refused_naming_the_chip()
    {
        using var session = models.Open();

        var error = await Assert.ThrowsAsync<SamInputException>(() => session.GetEmbeddingAsync(new SamEncoderInput(new float[3 * 512 * 512], 512, 512, "tiny")).AsTask());

        Assert.Contains("'tiny'", error.Message);
        Assert.Contains("786432", error.Message);
        Assert.Equal(0, session.EncoderRuns);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    [InlineData("a b")]
    public async Task A_content_hash_that_cannot_name_a_file_is_refused(string hash)
    {
        using var session = models.Open();

        var error = await Assert.ThrowsAsync<SamInputException>(() => session.GetEmbeddingAsync(new SamEncoderInput(new float[3 * Size * Size], Size, Size, hash)).AsTask());

        Assert.Contains($"'{hash}'", error.Message);
    }

    [Theory]
    [InlineData(0, 1024)]
    [InlineData(1024, -5)]
    [InlineData(20000, 1024)]
    public async Task A_chip_size_out_of_range_is_refused(int height, int width)
    {
        using var session = models.Open();

        var error = await Assert.ThrowsAsync<SamInputException>(() => session.GetEmbeddingAsync(new SamEncoderInput(new float[3 * Size * Size], height, width, "c")).AsTask());

        Assert.Contains($"{height} x {width}", error.Message);
    }

    [Fact]
    public async Task A_nan_coordinate_is_refused_naming_the_point()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(41, "nan"));

        var error = await Assert.ThrowsAsync<SamInputException>(() => session.DecodeAsync(embedding, Prompt(Call((10, float.NaN, 1), (0, 0, -1))), new byte[Size * Size]).AsTask());

        Assert.Contains("point 0 has y = NaN", error.Message);
        Assert.Contains("'field-1'", error.Message);
        Assert.Equal(0, session.DecoderRuns);
    }

    [Fact]
    public async Task An_unknown_label_is_refused()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(41, "label"));

        var error = await Assert.ThrowsAsync<SamInputException>(() => session.DecodeAsync(embedding, Prompt(Call((10, 10, 5))), new byte[Size * Size]).AsTask());

        Assert.Contains("label 5", error.Message);
    }

    [Fact]
    public async Task Coordinates_and_labels_of_different_lengths_are_refused()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(41, "len"));
        var call = new DecoderCall([1f, 2f, 3f], [1f, -1f]);

        var error = await Assert.ThrowsAsync<SamInputException>(() => session.DecodeAsync(embedding, Prompt(call), new byte[Size * Size]).AsTask());

        Assert.Contains("3 coordinates for 2 labels", error.Message);
    }

    [Fact]
    public async Task A_non_finite_box_is_refused()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(41, "box"));
        var box = new PromptBox(1, 2, double.PositiveInfinity, 4);

        var error = await Assert.ThrowsAsync<SamInputException>(() => session.DecodeAsync(embedding, Prompt(box, Call((1, 2, 2), (5, 4, 3))), new byte[Size * Size]).AsTask());

        Assert.Contains("(1, 2, ", error.Message);
        Assert.Contains("corners must be finite", error.Message);
    }

    [Fact]
    public async Task A_destination_of_the_wrong_length_is_refused()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(41, "dest"));

        var error = await Assert.ThrowsAsync<SamInputException>(() => session.DecodeAsync(embedding, Prompt(Call((10, 10, 1))), new byte[100]).AsTask());

        Assert.Contains("100 bytes", error.Message);
        Assert.Contains("1024 x 1024", error.Message);
    }

    [Fact]
    public async Task An_embedding_from_another_encoder_is_refused()
    {
        using var nchw = models.Open();
        using var hwc = OnnxSamSession.Load(models.HwcEncoder, models.Decoder);
        var foreign = await hwc.GetEmbeddingAsync(new SamEncoderInput(RgbHwc(42), Size, Size, "foreign"));

        var error = await Assert.ThrowsAsync<SamInputException>(() => nchw.DecodeAsync(foreign, Prompt(Call((10, 10, 1))), new byte[Size * Size]).AsTask());

        Assert.Contains(hwc.Model.ModelHash, error.Message);
    }

    [Fact]
    public async Task Cancelling_before_a_decode_runs_no_decoder()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(43, "cancel"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.DecodeAsync(embedding, Prompt(Call((10, 10, 1))), new byte[Size * Size], cancelled.Token).AsTask());

        Assert.Equal(0, session.DecoderRuns);
    }

    [Fact]
    public void Several_masks_are_reduced_by_segment_anythings_select_masks_rule()
    {
        // score_k = iou_k + (points - 2.5) * (k == 0 ? 1000 : 0): two points favour the best multimask output,
        // three or more always pick mask 0.
        Assert.Equal(1, SamMaskComposer.SelectMask([0.5f, 0.9f, 0.7f, 0.1f], pointCount: 2));
        Assert.Equal(0, SamMaskComposer.SelectMask([0.5f, 0.9f, 0.7f, 0.1f], pointCount: 3));
        Assert.Equal(0, SamMaskComposer.SelectMask([0.2f], pointCount: 1));
    }

    [Fact]
    public void Thresholding_ors_into_the_mask_exactly_like_a_scalar_loop()
    {
        var random = new Random(5);
        var logits = Enumerable.Range(0, 1000).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        logits[3] = 0f;
        logits[4] = -0f;
        logits[5] = float.NaN;
        logits[6] = float.Epsilon;
        var mask = Enumerable.Range(0, 1000).Select(i => (byte)(i % 7 == 0 ? 1 : 0)).ToArray();
        var expected = mask.Select((m, i) => (byte)(m | (logits[i] > 0 ? 1 : 0))).ToArray();

        SamMaskComposer.OrThresholded(logits, mask);

        Assert.Equal(expected, mask);
        Assert.Equal(1, mask[6]);
    }
}
