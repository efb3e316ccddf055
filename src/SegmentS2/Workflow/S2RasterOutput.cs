using Microsoft.Extensions.Logging;
using NetTopologySuite.Geometries;
using SegmentS2.Raster;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.Output;
using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Workflow;

/// <summary>
/// Writes a scene's <c>s2_raster</c> with the bands <see cref="SegmentS2Options.S2RasterBands"/> asks for (by default every
/// spectral band the scene has, as the reference's <c>preprocess_s2</c> stacks them) on the mask's grid. The segmentation
/// raster holds only the SAM bands; other bands are opened separately, after the chips are read, so the chip reads never
/// fetch their tiles.
/// </summary>
internal static class S2RasterOutput
{
    /// <summary>The band ids the s2_raster of <paramref name="scene"/> holds.</summary>
    public static IReadOnlyList<string> BandsFor(S2Scene scene, SegmentS2Options options)
    {
        if (options.S2RasterBands is { } requested)
        {
            return S2Bands.ResolveAll(requested);
        }

        var present = S2Bands.Reflectance.Where(b => scene.Items.All(item => item.FindBand(b) is not null)).ToArray();
        return present.Length > 0 ? present : S2Bands.ResolveAll(options.BandNames);
    }

    /// <summary>Writes the s2_raster over <paramref name="window"/> of <paramref name="segmentation"/>'s grid; returns its band ids.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(IS2Source source, IS2SceneRaster segmentation, Geometry roi, SegmentS2Options options,
        PixelWindow window, string path, ILogger logger, CancellationToken cancellationToken)
    {
        var bands = BandsFor(segmentation.Scene, options);
        if (bands.SequenceEqual(segmentation.Bands.Select(b => b.Name), StringComparer.Ordinal))
        {
            await S2RasterWriter.WriteAsync(segmentation, window, path, cancellationToken: cancellationToken).ConfigureAwait(false);
            return bands;
        }

        var request = new S2ReadRequest(roi, bands) { ApplyBoaOffset = options.ApplyBoaOffset, Resampling = options.Resampling };
        await using var raster = await source.OpenAsync(segmentation.Scene, request, cancellationToken).ConfigureAwait(false);
        var target = SameWindow(segmentation, raster, window);
        logger.LogDebug("Scene {SceneId}: s2_raster bands {Bands} over window {Window}", segmentation.Scene.Id, string.Join(",", bands), target);
        await S2RasterWriter.WriteAsync(raster, target, path, cancellationToken: cancellationToken).ConfigureAwait(false);
        return bands;
    }

    // The window of the same ground area on the other raster's grid: same CRS, same pixel size, a whole-pixel offset.
    private static PixelWindow SameWindow(IS2SceneRaster from, IS2SceneRaster to, PixelWindow window)
    {
        var a = from.GeoTransform;
        var b = to.GeoTransform;
        var (x, y) = a.PixelToMap(window.Col, window.Row);
        var (col, row) = b.MapToPixel(x, y);
        long c = (long)Math.Round(col), r = (long)Math.Round(row);
        bool aligned = from.Epsg == to.Epsg && Math.Abs(a.Dx - b.Dx) < 1e-9 * Math.Abs(a.Dx) && Math.Abs(a.Dy - b.Dy) < 1e-9 * Math.Abs(a.Dy)
            && Math.Abs(col - c) < 1e-6 && Math.Abs(row - r) < 1e-6;
        var result = aligned ? new PixelWindow((int)Math.Clamp(c, int.MinValue, int.MaxValue), (int)Math.Clamp(r, int.MinValue, int.MaxValue), window.Width, window.Height) : default;
        if (!aligned || !result.IsInside(to.Width, to.Height))
        {
            throw new S2ReadException(
                $"Scene '{from.Scene.Id}': the s2_raster bands' grid (EPSG:{to.Epsg}, {b}) does not hold the mask's window {window} of grid (EPSG:{from.Epsg}, {a}) pixel for pixel; " +
                "set S2RasterBands (--s2-raster-bands) to bands of the same resolution class as the segmentation bands.");
        }

        return result;
    }
}
