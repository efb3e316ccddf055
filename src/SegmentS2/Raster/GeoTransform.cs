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

    /// <summary>
    /// <c>Dx * Dy - Rx * Ry</c>: the signed area of one pixel in map units (negative for the usual north-up rasters,
    /// whose <see cref="Dy"/> is negative). Zero, infinite or NaN when the transform cannot be inverted.
    /// </summary>
    public double Determinant => Dx * Dy - Rx * Ry;

    /// <summary>True when all six terms and the <see cref="Determinant"/> are finite and the determinant is not zero.</summary>
    public bool IsInvertible =>
        double.IsFinite(X0) && double.IsFinite(Y0) && double.IsFinite(Dx) && double.IsFinite(Rx) && double.IsFinite(Ry) && double.IsFinite(Dy)
        && Determinant is var det && det != 0 && double.IsFinite(det);

    /// <summary>
    /// The inverse transform, from map coordinates to pixel positions, in the same form (GDAL's <c>InvGeoTransform</c>):
    /// <c>col = X0' + x Dx' + y Rx'</c>, <c>row = Y0' + x Ry' + y Dy'</c>. False, with the default value, when
    /// <see cref="IsInvertible"/> is false.
    /// </summary>
    public bool TryInvert(out GeoTransform inverse)
    {
        if (!IsInvertible)
        {
            inverse = default;
            return false;
        }

        double det = Determinant;
        double dx = Dy / det, rx = -Rx / det, ry = -Ry / det, dy = Dx / det;
        inverse = new GeoTransform(-X0 * dx - Y0 * rx, dx, rx, -X0 * ry - Y0 * dy, ry, dy);
        return true;
    }

    /// <summary>Fractional pixel position (col, row) of a map coordinate: the inverse affine transform, not rounded.</summary>
    /// <exception cref="InvalidOperationException">The transform cannot be inverted (<see cref="IsInvertible"/> is false).</exception>
    public (double Col, double Row) MapToPixel(double x, double y)
    {
        double det = Determinant;
        if (det == 0 || double.IsNaN(det))
        {
            throw new InvalidOperationException($"The geotransform {this} cannot be inverted.");
        }

        // Relative to the origin first: exact for pixel positions far from (0, 0), which the inverse's terms are not.
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
