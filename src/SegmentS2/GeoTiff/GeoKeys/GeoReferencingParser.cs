using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.Ifd;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.GeoKeys;

/// <summary>
/// Reads the GeoTIFF tags of an IFD the way GDAL's GTiff driver does by default: tie point and pixel
/// scale first, else the model transformation; PixelIsPoint shifts the origin by half a pixel
/// (GTIFF_POINT_GEO_IGNORE=FALSE); a negative Y scale is taken as north-up (GDAL's documented quirk).
/// </summary>
internal static class GeoReferencingParser
{
    private const ushort UserDefined = 32767;
    private const ushort ModelTypeProjected = 1;
    private const ushort ModelTypeGeographic = 2;
    private const ushort RasterPixelIsPoint = 2;
    private const int MaxTiePointValues = 6 * 65536;

    /// <summary>Reads the georeferencing of <paramref name="ifd"/>.</summary>
    public static async ValueTask<GeoReferencing> ReadAsync(ImageFileDirectory ifd, TagValueReader reader, CancellationToken cancellationToken)
    {
        GeoKeyDirectory keys = GeoKeyDirectory.Empty;
        if (ifd.TryGet(TiffTag.GeoKeyDirectory, out IfdEntry dir))
        {
            keys = GeoKeyDirectory.Parse(await reader.ReadIntegersAsync(dir, 4 * 65536, cancellationToken).ConfigureAwait(false));

            // GDAL refuses files whose GeoKey parameter tags are unreadable; reading them checks that.
            foreach (TiffTag param in new[] { TiffTag.GeoDoubleParams, TiffTag.GeoAsciiParams })
            {
                if (ifd.TryGet(param, out IfdEntry p))
                {
                    await reader.ReadRawAsync(p, 1 << 20, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        bool isPoint = keys.TryGet(GeoKey.GTRasterType, out ushort rasterType) && rasterType == RasterPixelIsPoint;
        GeoTransform? transform = await ReadTransformAsync(ifd, reader, cancellationToken).ConfigureAwait(false);
        if (transform is { } t && isPoint)
        {
            transform = t with { X0 = t.X0 - (t.Dx * 0.5 + t.Rx * 0.5), Y0 = t.Y0 - (t.Ry * 0.5 + t.Dy * 0.5) };
        }

        // Tie points without a scale or matrix are ground control points; like GDAL, their CRS is not the image's.
        bool groundControlPoints = transform is null && ifd.Has(TiffTag.ModelTiepoint) && !ifd.Has(TiffTag.ModelPixelScale) && !ifd.Has(TiffTag.ModelTransformation);
        return new GeoReferencing(groundControlPoints ? null : EpsgOf(keys), transform, isPoint);
    }

    /// <summary>The EPSG code GeoKeys declare: the projected CRS for projected models, else the geographic CRS.</summary>
    public static int? EpsgOf(GeoKeyDirectory keys)
    {
        bool hasModel = keys.TryGet(GeoKey.GTModelType, out ushort model);
        bool hasProjected = keys.TryGet(GeoKey.ProjectedCSType, out ushort projected);
        bool hasGeographic = keys.TryGet(GeoKey.GeographicType, out ushort geographic);
        if ((model == ModelTypeProjected || !hasModel) && hasProjected)
        {
            return Code(projected);
        }

        if ((model == ModelTypeGeographic || !hasModel) && hasGeographic)
        {
            return Code(geographic);
        }

        return null;

        static int? Code(ushort value) => value is > 0 and < UserDefined ? value : null;
    }

    private static async ValueTask<GeoTransform?> ReadTransformAsync(ImageFileDirectory ifd, TagValueReader reader, CancellationToken ct)
    {
        double[]? scale = null;
        if (ifd.TryGet(TiffTag.ModelPixelScale, out IfdEntry scaleEntry))
        {
            scale = await reader.ReadDoublesAsync(scaleEntry, 16, ct).ConfigureAwait(false);
        }

        if (scale is { Length: >= 2 } && scale[0] != 0 && scale[1] != 0)
        {
            if (!ifd.TryGet(TiffTag.ModelTiepoint, out IfdEntry tieEntry))
            {
                return null;
            }

            double[] tie = await reader.ReadDoublesAsync(tieEntry, MaxTiePointValues, ct).ConfigureAwait(false);
            if (tie.Length < 6)
            {
                return null;
            }

            // GDAL, contrary to the GeoTIFF specification, treats a negative ScaleY as north-up.
            double dx = scale[0];
            double dy = scale[1] < 0 ? scale[1] : -scale[1];
            return new GeoTransform(tie[3] - tie[0] * dx, dx, 0, tie[4] - tie[1] * dy, 0, dy);
        }

        if (ifd.TryGet(TiffTag.ModelTransformation, out IfdEntry matrixEntry))
        {
            double[] m = await reader.ReadDoublesAsync(matrixEntry, 16, ct).ConfigureAwait(false);
            if (m.Length == 16)
            {
                return new GeoTransform(m[3], m[0], m[1], m[7], m[4], m[5]);
            }
        }

        return null;
    }
}
