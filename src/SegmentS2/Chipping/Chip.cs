using SegmentS2.Raster;

namespace SegmentS2.Chipping;

/// <summary>One chip of a <see cref="ChipPlan"/>.</summary>
/// <param name="Index">Position in row-major order (rows outer, columns inner).</param>
/// <param name="GridRow">Row of the chip in the grid.</param>
/// <param name="GridCol">Column of the chip in the grid.</param>
/// <param name="Read">The pixels the chip reads, in ROI-window pixel coordinates (chip size x chip size).</param>
/// <param name="Write">The part of the chip written to the output, in ROI-window pixel coordinates (midpoint split).</param>
public readonly record struct Chip(int Index, int GridRow, int GridCol, PixelWindow Read, PixelWindow Write);
