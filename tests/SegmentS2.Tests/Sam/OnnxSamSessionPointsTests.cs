using SegmentS2.Sam;
using SegmentS2.Testing.Models;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Sam;

/// <summary>
/// <see cref="OnnxSamSession.DecodePointsAsync"/>: single-point prompts in batches when the decoder has a dynamic prompt
/// axis, one call per point otherwise, and the same masks either way (the contract decoder's disc around each point).
/// </summary>
public sealed class OnnxSamSessionPointsTests(SamContractModels models) : IClassFixture<SamContractModels>
{
    private static readonly float[] Points = [100.5f, 200.5f, 512f, 512f, 900.25f, 40.75f, 10f, 1000f, 700f, 300f];

    private async Task<(List<(int Index, float Score, byte[] Mask)> Masks, long Runs, bool Batched)> DecodeAsync(bool promptBatch, int pointsPerBatch)
    {
        string decoder = Path.Combine(models.NewDirectory("points"), "decoder.onnx");
        SamContractModelBuilder.WriteDecoder(decoder, new SamContractModelOptions { PromptBatch = promptBatch });
        using var session = OnnxSamSession.Load(models.NchwEncoder, decoder);
        var embedding = await session.GetEmbeddingAsync(NchwInput(7, "points-chip"));
        var masks = new List<(int, float, byte[])>();
        await session.DecodePointsAsync(embedding, Points, pointsPerBatch, (index, score, logits) =>
        {
            var mask = new byte[logits.Length];
            for (int i = 0; i < logits.Length; i++)
            {
                mask[i] = logits[i] > 0 ? (byte)1 : (byte)0;
            }

            masks.Add((index, score, mask));
        });
        return (masks, session.DecoderRuns, session.Model.DecoderTakesPromptBatch);
    }

    [Fact]
    public async Task ABatchingDecoder_TakesPointsPerBatchPromptsPerCall_AndGivesEachPointItsDisc()
    {
        var (masks, runs, batched) = await DecodeAsync(promptBatch: true, pointsPerBatch: 2);
        Assert.True(batched);
        Assert.Equal(3, runs); // 5 points, 2 per call
        Assert.Equal([0, 1, 2, 3, 4], masks.Select(m => m.Index));
        for (int p = 0; p < 5; p++)
        {
            Assert.Equal(Disc(Size, Size, Points[2 * p], Points[2 * p + 1], 40), masks[p].Mask);
        }

        Assert.Single(masks.Select(m => m.Score).Distinct()); // the contract decoder scores every prompt alike
    }

    [Fact]
    public async Task ADecoderOfBatchOne_GetsOneCallPerPoint_AndTheSameMasks()
    {
        var (batchedMasks, _, _) = await DecodeAsync(promptBatch: true, pointsPerBatch: 16);
        var (singleMasks, runs, batched) = await DecodeAsync(promptBatch: false, pointsPerBatch: 16);
        Assert.False(batched);
        Assert.Equal(5, runs);
        Assert.Equal(batchedMasks.Select(m => m.Index), singleMasks.Select(m => m.Index));
        for (int p = 0; p < 5; p++)
        {
            Assert.Equal(batchedMasks[p].Mask, singleMasks[p].Mask);
            // The score is the embedding's mean from two sessions: ONNX Runtime's parallel reduction may sum in another order.
            Assert.Equal(batchedMasks[p].Score, singleMasks[p].Score, 1e-6f);
        }
    }

    [Fact]
    public async Task ReleasingTheDecoderArenaAfterTheLastCall_LeavesMasksUnchanged_AndLaterCallsWork()
    {
        string decoder = Path.Combine(models.NewDirectory("points-release"), "decoder.onnx");
        SamContractModelBuilder.WriteDecoder(decoder, new SamContractModelOptions { PromptBatch = true });
        using var withArena = OnnxSamSession.Load(models.NchwEncoder, decoder);
        using var noArena = OnnxSamSession.Load(models.NchwEncoder, decoder, new SamSessionOptions { ConfigureSessionOptions = (_, ort) => ort.EnableCpuMemArena = false });
        foreach (var session in new[] { withArena, noArena })
        {
            var embedding = await session.GetEmbeddingAsync(NchwInput(7, "points-chip"));
            for (int round = 0; round < 3; round++)
            {
                // Release after the first and third rounds: the second decodes on a shrunk arena.
                var masks = new List<byte[]>();
                await session.DecodePointsAsync(embedding, Points, 2, (_, _, logits) => masks.Add(logits.ToArray().Select(v => v > 0 ? (byte)1 : (byte)0).ToArray()),
                    releaseMemoryAfter: round != 1);
                for (int p = 0; p < 5; p++)
                {
                    Assert.Equal(Disc(Size, Size, Points[2 * p], Points[2 * p + 1], 40), masks[p]);
                }
            }

            Assert.Equal(9, session.DecoderRuns);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task ABatchSizeBelowOne_IsRefusedNamingIt(int pointsPerBatch)
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(7, "points-chip"));
        var error = await Assert.ThrowsAsync<SamInputException>(async () => await session.DecodePointsAsync(embedding, Points, pointsPerBatch, (_, _, _) => { }));
        Assert.Contains($"pointsPerBatch = {pointsPerBatch}", error.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public async Task ANonFinitePoint_IsRefused(float value)
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(7, "points-chip"));
        await Assert.ThrowsAsync<SamInputException>(async () => await session.DecodePointsAsync(embedding, new[] { 1f, value }, 1, (_, _, _) => { }));
        await Assert.ThrowsAsync<SamInputException>(async () => await session.DecodePointsAsync(embedding, new[] { 1f, 2f, 3f }, 1, (_, _, _) => { }));
    }
}
