namespace SegmentS2.Raster;

/// <summary>A rectangle of whole pixels: column and row of its top-left pixel, and its size.</summary>
/// <param name="Col">Column of the top-left pixel.</param>
/// <param name="Row">Row of the top-left pixel.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PixelWindow(int Col, int Row, int Width, int Height)
{
    /// <summary>Column one past the right edge.</summary>
    public int ColEnd => Col + Width;

    /// <summary>Row one past the bottom edge.</summary>
    public int RowEnd => Row + Height;

    /// <summary>Number of pixels in the window.</summary>
    public long PixelCount => (long)Width * Height;

    /// <summary>True when the window has no pixels.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>True when this window lies inside a raster of the given size.</summary>
    public bool IsInside(int rasterWidth, int rasterHeight) =>
        Col >= 0 && Row >= 0 && Width >= 0 && Height >= 0 && (long)Col + Width <= rasterWidth && (long)Row + Height <= rasterHeight;

    /// <summary>The overlap of two windows (possibly empty).</summary>
    public PixelWindow Intersect(PixelWindow other)
    {
        int c0 = Math.Max(Col, other.Col), r0 = Math.Max(Row, other.Row);
        int c1 = Math.Min(ColEnd, other.ColEnd), r1 = Math.Min(RowEnd, other.RowEnd);
        return new PixelWindow(c0, r0, Math.Max(0, c1 - c0), Math.Max(0, r1 - r0));
    }

    /// <summary>This window moved by the given offset.</summary>
    public PixelWindow Offset(int dCol, int dRow) => new(Col + dCol, Row + dRow, Width, Height);

    /// <inheritdoc />
    public override string ToString() => $"[col {Col}, row {Row}, {Width} x {Height}]";
}
