using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;
using SegmentS2.Projection;
using SegmentS2.Raster;

namespace SegmentS2.Output;

/// <summary>Vectorises per-prompt masks into one GeoJSON FeatureCollection.</summary>
internal static class PolygonWriter
{
    /// <summary>
    /// Builds one feature per prompt: a MultiPolygon of its mask (holes kept) with properties
    /// <c>prompt_id</c>, <c>scene_id</c>, <c>datetime</c>, <c>area_m2</c> and <c>pixel_count</c>.
    /// </summary>
    /// <param name="masks">Band-sequential masks, one per prompt id, width x height each.</param>
    /// <param name="width">Mask width.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="transform">Geotransform of the masks (raster CRS, metres).</param>
    /// <param name="rasterEpsg">EPSG code of the raster.</param>
    /// <param name="promptIds">Original prompt ids in band order.</param>
    /// <param name="sceneId">Scene id.</param>
    /// <param name="dateTime">Acquisition time.</param>
    /// <param name="outputEpsg">EPSG code of the output coordinates (4326 or the raster's).</param>
    /// <param name="simplifyTolerance">Topology-preserving simplification tolerance in raster units; 0 keeps pixel edges.</param>
    public static FeatureCollection Build(ReadOnlySpan<byte> masks, int width, int height, GeoTransform transform, int rasterEpsg,
        IReadOnlyList<string> promptIds, string sceneId, DateTimeOffset dateTime, int outputEpsg, double simplifyTolerance)
    {
        int plane = width * height;
        var factory = new GeometryFactory(new PrecisionModel(), outputEpsg);
        var toOutput = CrsTransform.Create(rasterEpsg, outputEpsg);
        double pixelArea = Math.Abs(transform.Determinant);
        var collection = new FeatureCollection();
        for (int b = 0; b < promptIds.Count; b++)
        {
            var mask = masks.Slice(b * plane, plane);
            long count = 0;
            foreach (byte v in mask)
            {
                count += v != 0 ? 1 : 0;
            }

            Geometry geometry = factory.CreateMultiPolygon(MaskPolygonizer.Polygonize(mask, width, height, transform).ToArray());
            if (simplifyTolerance > 0)
            {
                geometry = TopologyPreservingSimplifier.Simplify(geometry, simplifyTolerance);
            }

            // The geometry is this method's own: transformed in place, not copied.
            toOutput.TransformInPlace(geometry);
            geometry.SRID = outputEpsg;
            var attributes = new AttributesTable
            {
                { "prompt_id", promptIds[b] },
                { "scene_id", sceneId },
                { "datetime", dateTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture) },
                { "area_m2", count * pixelArea },
                { "pixel_count", count },
            };
            collection.Add(new Feature(geometry, attributes));
        }

        return collection;
    }

    /// <summary>
    /// Serialises a collection as GeoJSON (RFC 7946 member order and ring orientation), coordinates in degrees to 7
    /// decimals when <paramref name="outputEpsg"/> is EPSG:4326, else in metres to 3 (<see cref="GeoJsonPolygonWriter"/>).
    /// </summary>
    public static Task WriteAsync(Stream stream, FeatureCollection collection, int outputEpsg, CancellationToken cancellationToken = default) =>
        GeoJsonPolygonWriter.WriteAsync(stream, collection,
            outputEpsg == CrsRegistry.Wgs84 ? GeoJsonPolygonWriter.DegreeDecimals : GeoJsonPolygonWriter.MetreDecimals, cancellationToken);
}
