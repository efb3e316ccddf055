using System.Buffers;
using SegmentS2.Chipping;
using SegmentS2.Prompts;
using SegmentS2.Pipeline;
using SegmentS2.Sam;

namespace SegmentS2.Workflow;

/// <summary>
/// The scene mosaic of <c>RunAsync</c>: one mask plane per prompt group over the ROI window, each chip decoding its
/// prompts and writing only its share (the reference's midpoint write windows), as the reference stitches chips.
/// </summary>
internal sealed class MosaicSink : IChipSink, IDisposable
{
    private readonly ISamSession _sam;
    private readonly SegmentationPlan _segmentation;
    private readonly int _plane;
    private readonly byte[] _chipMask;
    private readonly int _chipSize;

    /// <summary>Creates the mosaic of <paramref name="segmentation"/>'s groups, all pixels 0.</summary>
    public MosaicSink(ISamSession sam, SegmentationPlan segmentation)
    {
        _sam = sam;
        _segmentation = segmentation;
        var roi = segmentation.Grid.RoiWindow;
        _plane = checked(roi.Width * roi.Height);
        Masks = new byte[checked((long)segmentation.Prompts.Groups.Count * _plane)];
        _chipSize = segmentation.Grid.ChipSize;
        _chipMask = ArrayPool<byte>.Shared.Rent(_chipSize * _chipSize);
    }

    /// <summary>The mask planes, one per group (group index order), ROI-window width x height each.</summary>
    public byte[] Masks { get; }

    /// <summary>The chips to run, in plan order; chips without prompts are not read.</summary>
    public IReadOnlyList<ChipWork> Chips()
    {
        var roi = _segmentation.Grid.RoiWindow;
        return _segmentation.Chips.Select(c => new ChipWork(c.Chip.Index, c.Chip.Read.Offset(roi.Col, roi.Row), c.HasPrompts)).ToArray();
    }

    /// <inheritdoc />
    public ValueTask SkippedAsync(ChipWork chip, ChipSkipReason reason, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask EncodedAsync(ChipWork chip, SamEmbedding embedding, ReadOnlyMemory<float> pixels, bool releaseModelMemory, CancellationToken cancellationToken)
    {
        var planned = _segmentation.Chips[chip.Index];
        var roiWidth = _segmentation.Grid.RoiWindow.Width;
        var mask = _chipMask.AsMemory(0, _chipSize * _chipSize);
        foreach (var prompt in planned.Prompts)
        {
            mask.Span.Clear();
            await _sam.DecodeAsync(embedding, prompt, mask, cancellationToken).ConfigureAwait(false);
            CopyWriteWindow(mask.Span, _chipSize, planned.Chip, Masks.AsSpan(prompt.Group.Index * _plane, _plane), roiWidth);
        }
    }

    /// <summary>Returns the pooled chip mask.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(_chipMask);

    // Each chip writes only its share of the output, split at the midpoints between neighbours (reference rule).
    private static void CopyWriteWindow(ReadOnlySpan<byte> chipMask, int chipSize, Chip chip, Span<byte> output, int outputWidth)
    {
        var w = chip.Write;
        int dx = w.Col - chip.Read.Col, dy = w.Row - chip.Read.Row;
        for (int r = 0; r < w.Height; r++)
        {
            chipMask.Slice((dy + r) * chipSize + dx, w.Width).CopyTo(output.Slice((w.Row + r) * outputWidth + w.Col, w.Width));
        }
    }
}
