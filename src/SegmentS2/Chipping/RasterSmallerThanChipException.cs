namespace SegmentS2.Chipping;

/// <summary>The raster (or the ROI window grown to the chip size) is smaller than one chip, so no chip fits.</summary>
public sealed class RasterSmallerThanChipException : SegmentS2DataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="width">Width of the raster or window, in pixels.</param>
    /// <param name="height">Height of the raster or window, in pixels.</param>
    /// <param name="chipSize">The chip size.</param>
    /// <param name="message">The full message.</param>
    public RasterSmallerThanChipException(int width, int height, int chipSize, string message)
        : base(message)
    {
        Width = width;
        Height = height;
        ChipSize = chipSize;
    }

    /// <summary>Width of the raster or window, in pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the raster or window, in pixels.</summary>
    public int Height { get; }

    /// <summary>The chip size.</summary>
    public int ChipSize { get; }
}
