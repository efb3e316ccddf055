using SegmentS2.Raster;

namespace SegmentS2.Automatic;

/// <summary>
/// A mask that passed the predicted-IoU and stability filters, waiting for the selection. Its box is the reference's
/// <c>mask_to_bbox</c> (inclusive pixel indices of the thresholded mask, before the nodata rule) in ROI-window pixels,
/// the frame of the chip windows it is compared with. Its pixels wait in the <see cref="CandidateStore"/>.
/// </summary>
/// <param name="Chip">The chip's index in the plan.</param>
/// <param name="Order">Its position among its chip's candidates (crop, then point order): the tie-break everywhere.</param>
/// <param name="Score">The decoder's predicted IoU.</param>
/// <param name="Stability">The stability score.</param>
/// <param name="X0">Leftmost foreground column.</param>
/// <param name="Y0">Top foreground row.</param>
/// <param name="X1">Rightmost foreground column (inclusive).</param>
/// <param name="Y1">Bottom foreground row (inclusive).</param>
/// <param name="PixelCount">Foreground pixels after the nodata rule.</param>
/// <param name="Stored">Where its bitmap (the box window, one byte per pixel) is in the store.</param>
internal sealed record MaskCandidate(int Chip, int Order, float Score, float Stability, int X0, int Y0, int X1, int Y1, long PixelCount, CandidateStore.Entry Stored)
{
    /// <summary>The box as a window (the bitmap's extent).</summary>
    public PixelWindow Window => new(X0, Y0, X1 - X0 + 1, Y1 - Y0 + 1);

    /// <summary>torchvision's <c>box_area</c> of the inclusive box: (x1 - x0) * (y1 - y0), without the +1.</summary>
    public double BoxArea => (double)(X1 - X0) * (Y1 - Y0);
}
