using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;
using SegmentS2.Raster;

namespace SegmentS2.Chipping;

/// <summary>
/// The reference chip grid (FarmVibes.AI <c>ChipDataset</c>): the ROI window is the ROI envelope's touched pixels,
/// grown to the chip size around its centre when smaller, and cut into evenly spaced, overlapping chips whose write
/// windows split each overlap at its midpoint. See <c>docs/chips-and-prompts.md</c>.
/// </summary>
public sealed class SpatialChipper : IChipper
{
    private readonly ChipperOptions _options;
    private readonly ILogger<SpatialChipper> _logger;

    /// <summary>Creates a chipper.</summary>
    /// <param name="options">Grid settings; the reference defaults when null.</param>
    /// <param name="logger">Logs how the ROI window was grown; silent when null.</param>
    /// <exception cref="InvalidOptionException">A setting is out of range.</exception>
    public SpatialChipper(ChipperOptions? options = null, ILogger<SpatialChipper>? logger = null)
    {
        options ??= new ChipperOptions();
        options.Validate();
        _options = new ChipperOptions
        {
            ChipSize = options.ChipSize,
            SpatialOverlap = options.SpatialOverlap,
            KeepGrownWindowInsideRaster = options.KeepGrownWindowInsideRaster,
            MaxChipCount = options.MaxChipCount,
        };
        _logger = logger ?? NullLogger<SpatialChipper>.Instance;
    }

    /// <summary>Chip size in pixels.</summary>
    public int ChipSize => _options.ChipSize;

    /// <summary>Step between chip starts in pixels.</summary>
    public int Step => _options.Step;

    /// <inheritdoc />
    public ChipPlan Plan(int rasterWidth, int rasterHeight, GeoTransform rasterTransform, Envelope? roiInRasterCrs)
    {
        int chip = _options.ChipSize;
        if (rasterWidth < 0 || rasterHeight < 0)
        {
            throw new InvalidOptionException("raster size", $"{rasterWidth} x {rasterHeight}", "non-negative");
        }

        if (rasterWidth < chip || rasterHeight < chip)
        {
            throw new RasterSmallerThanChipException(rasterWidth, rasterHeight, chip,
                $"The raster is {rasterWidth} x {rasterHeight} px, smaller than one {chip} x {chip} px chip.");
        }

        var touched = roiInRasterCrs is null
            ? new PixelWindow(0, 0, rasterWidth, rasterHeight)
            : TouchedWindow(roiInRasterCrs, rasterWidth, rasterHeight, rasterTransform);
        var window = Grow(touched, rasterWidth, rasterHeight);

        int step = _options.Step;
        long count = (long)ChipAxis.Count(window.Width, chip, step) * ChipAxis.Count(window.Height, chip, step);
        if (count > _options.MaxChipCount)
        {
            throw new InvalidOptionException(nameof(ChipperOptions.SpatialOverlap), _options.SpatialOverlap,
                $"low enough that the {window.Width} x {window.Height} px window needs at most {nameof(ChipperOptions.MaxChipCount)} = {_options.MaxChipCount} chips (it needs {count} with a {step} px step)");
        }

        var colStarts = ChipAxis.Starts(window.Width, chip, step);
        var rowStarts = ChipAxis.Starts(window.Height, chip, step);
        return new ChipPlan(window, chip, rasterTransform.ForWindow(window), colStarts, rowStarts,
            ChipAxis.WriteEdges(colStarts, chip), ChipAxis.WriteEdges(rowStarts, chip));
    }

    /// <summary>
    /// All pixels the ROI envelope touches: floor of the smallest and ceiling of the largest pixel coordinate of its
    /// corners, intersected with the raster (rasterio's <c>geometry_window</c>).
    /// </summary>
    private static PixelWindow TouchedWindow(Envelope roi, int width, int height, GeoTransform transform)
    {
        if (roi.IsNull || !double.IsFinite(roi.MinX) || !double.IsFinite(roi.MinY) || !double.IsFinite(roi.MaxX) || !double.IsFinite(roi.MaxY))
        {
            throw new RoiOutsideRasterException(roi, width, height, "its envelope is empty or not finite");
        }

        double minCol = double.PositiveInfinity, maxCol = double.NegativeInfinity;
        double minRow = double.PositiveInfinity, maxRow = double.NegativeInfinity;
        foreach (var (x, y) in new[] { (roi.MinX, roi.MinY), (roi.MaxX, roi.MinY), (roi.MaxX, roi.MaxY), (roi.MinX, roi.MaxY) })
        {
            var (col, row) = transform.MapToPixel(x, y);
            minCol = Math.Min(minCol, col);
            maxCol = Math.Max(maxCol, col);
            minRow = Math.Min(minRow, row);
            maxRow = Math.Max(maxRow, row);
        }

        double c0 = Math.Floor(minCol), c1 = Math.Ceiling(maxCol), r0 = Math.Floor(minRow), r1 = Math.Ceiling(maxRow);
        if (!double.IsFinite(c0) || !double.IsFinite(c1) || !double.IsFinite(r0) || !double.IsFinite(r1))
        {
            throw new RoiOutsideRasterException(roi, width, height, "its pixel coordinates are not finite");
        }

        // rasterio's windows.intersect: ranges overlap unless one starts at or after the other's end.
        if (c0 >= width || c1 <= 0 || r0 >= height || r1 <= 0)
        {
            throw new RoiOutsideRasterException(roi, width, height,
                FormattableString.Invariant($"it covers pixel columns [{c0}, {c1}) and rows [{r0}, {r1})"));
        }

        int col0 = (int)Math.Max(c0, 0), col1 = (int)Math.Min(c1, width);
        int row0 = (int)Math.Max(r0, 0), row1 = (int)Math.Min(r1, height);
        return new PixelWindow(col0, row0, col1 - col0, row1 - row0);
    }

    /// <summary>Grows a window smaller than a chip to the chip size around its centre (reference <c>_adjust_roi_window</c>).</summary>
    private PixelWindow Grow(PixelWindow window, int width, int height)
    {
        int chip = _options.ChipSize;
        if (window.Width >= chip && window.Height >= chip)
        {
            return window;
        }

        var (col0, col1) = GrowAxis(window.Col, window.ColEnd, width);
        var (row0, row1) = GrowAxis(window.Row, window.RowEnd, height);
        var grown = new PixelWindow(col0, row0, col1 - col0, row1 - row0);
        _logger.LogInformation("ROI window {Window} is smaller than the {Chip} px chip; grown to {Grown}.", window, chip, grown);
        if (grown.Width < chip || grown.Height < chip)
        {
            throw new RasterSmallerThanChipException(grown.Width, grown.Height, chip,
                $"The ROI window {window} grown to the chip size and clamped to the {width} x {height} px raster is {grown.Width} x {grown.Height} px, " +
                $"smaller than one {chip} px chip. Set {nameof(ChipperOptions.KeepGrownWindowInsideRaster)} to shift it inside the raster instead.");
        }

        return grown;
    }

    private (int Start, int End) GrowAxis(int start, int end, int rasterLength)
    {
        int chip = _options.ChipSize;
        int diff = Math.Max(end - start, chip) - (end - start);
        int low = diff / 2;
        if (_options.KeepGrownWindowInsideRaster)
        {
            // The raster is at least one chip long here, so the shifted window always fits.
            int newStart = Math.Clamp(start - low, 0, rasterLength - (end - start + diff));
            return (newStart, newStart + end - start + diff);
        }

        return (Math.Max(start - low, 0), Math.Min(end + diff - low, rasterLength));
    }
}
