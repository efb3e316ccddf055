namespace SegmentS2.Chipping;

/// <summary>Chip grid settings. The defaults are the reference's: 1024 px chips overlapping by half.</summary>
public sealed class ChipperOptions
{
    /// <summary>The reference chip size, SAM's input size.</summary>
    public const int DefaultChipSize = 1024;

    /// <summary>The reference overlap of <c>segment_s2</c>.</summary>
    public const double DefaultSpatialOverlap = 0.5;

    /// <summary>Chip width and height in pixels; must be at least 1.</summary>
    public int ChipSize { get; set; } = DefaultChipSize;

    /// <summary>Fraction of a chip shared with its neighbour, in [0, 1). The step between chips is <c>int(ChipSize * (1 - SpatialOverlap))</c>.</summary>
    public double SpatialOverlap { get; set; } = DefaultSpatialOverlap;

    /// <summary>
    /// When the ROI window is smaller than a chip it is grown to the chip size around its centre. The reference only
    /// clamps the grown window to the raster, so a small ROI near the raster's edge ends up smaller than a chip and
    /// fails. When true (the default) the grown window is shifted back inside the raster instead, which gives the
    /// reference's window wherever the reference succeeds. Set false to reproduce the reference exactly.
    /// </summary>
    public bool KeepGrownWindowInsideRaster { get; set; } = true;

    /// <summary>Upper bound on the number of chips of one plan, so a tiny step cannot ask for millions of chips.</summary>
    public int MaxChipCount { get; set; } = 100_000;

    /// <summary>The step between chip starts, <c>int(ChipSize * (1 - SpatialOverlap))</c> as the reference computes it.</summary>
    public int Step => (int)(ChipSize * (1.0 - SpatialOverlap));

    /// <summary>Checks every setting.</summary>
    /// <exception cref="InvalidOptionException">A setting is out of range; the message names it and its value.</exception>
    public void Validate()
    {
        if (ChipSize < 1)
        {
            throw new InvalidOptionException(nameof(ChipSize), ChipSize, "at least 1 pixel");
        }

        if (double.IsNaN(SpatialOverlap) || SpatialOverlap < 0 || SpatialOverlap >= 1)
        {
            throw new InvalidOptionException(nameof(SpatialOverlap), SpatialOverlap, "in [0, 1)");
        }

        if (Step < 1)
        {
            throw new InvalidOptionException(nameof(SpatialOverlap), SpatialOverlap,
                $"small enough that the step int({ChipSize} * (1 - overlap)) is at least 1 pixel (it is {Step})");
        }

        if (MaxChipCount < 1)
        {
            throw new InvalidOptionException(nameof(MaxChipCount), MaxChipCount, "at least 1");
        }
    }
}
