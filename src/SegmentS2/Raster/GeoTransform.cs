namespace SegmentS2.Raster;

/// <summary>
/// An affine pixel-to-map transform in GDAL's order: map X = X0 + col * Dx + row * Rx,
/// map Y = Y0 + col * Ry + row * Dy, where (col, row) = (0, 0) is the top-left corner of the
/// top-left pixel (GDAL's PixelIsArea convention).
/// </summary>
/// <param name="X0">Map X of the top-left corner.</param>
/// <param name="Dx">Pixel width (map units per column).</param>
/// <param name="Rx">Row rotation term (map X per row).</param>
/// <param name="Y0">Map Y of the top-left corner.</param>
/// <param name="Ry">Column rotation term (map Y per column).</param>
/// <param name="Dy">Pixel height (map units per row, negative for north-up).</param>
public readonly record struct GeoTransform(double X0, double Dx, double Rx, double Y0, double Ry, double Dy)
{
    /// <summary>The transform as GDAL's six-element array.</summary>
    public double[] ToArray() => [X0, Dx, Rx, Y0, Ry, Dy];

    /// <summary>Builds a transform from GDAL's six-element array.</summary>
    public static GeoTransform FromArray(ReadOnlySpan<double> gt)
    {
        if (gt.Length != 6)
        {
            throw new ArgumentException($"A geotransform has 6 elements, not {gt.Length}.", nameof(gt));
        }

        return new GeoTransform(gt[0], gt[1], gt[2], gt[3], gt[4], gt[5]);
    }

    /// <summary>True when there is no rotation term.</summary>
    public bool IsNorthUp => Rx == 0 && Ry == 0;

    /// <summary>Map coordinates of a (fractional) pixel position.</summary>
    public (double X, double Y) PixelToMap(double col, double row) =>
        (X0 + col * Dx + row * Rx, Y0 + col * Ry + row * Dy);

    /// <summary>Fractional pixel position (col, row) of a map coordinate: the inverse affine transform, not rounded.</summary>
    public (double Col, double Row) MapToPixel(double x, double y)
    {
        double det = Dx * Dy - Rx * Ry;
        if (det == 0 || double.IsNaN(det))
        {
            throw new InvalidOperationException($"The geotransform {this} cannot be inverted.");
        }

        double px = x - X0, py = y - Y0;
        return ((Dy * px - Rx * py) / det, (-Ry * px + Dx * py) / det);
    }

    /// <summary>The transform of a window of this raster (its top-left pixel becomes (0, 0)).</summary>
    public GeoTransform ForWindow(PixelWindow window)
    {
        var (x, y) = PixelToMap(window.Col, window.Row);
        return this with { X0 = x, Y0 = y };
    }

    /// <inheritdoc />
    public override string ToString() => $"[{X0}, {Dx}, {Rx}, {Y0}, {Ry}, {Dy}]";
}
