using NetTopologySuite.Geometries;
using SegmentS2.Projection;
using SegmentS2.Raster;
using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>
/// Chooses the grid a scene is read on: the UTM CRS of the tile covering most of the ROI (the first
/// tile when none does), aligned to that tile's pixel grid, at its 10 m-class pixel size (a file's
/// pixel size times 10 / the band's native resolution, so downsampled test products keep their
/// ratio), and covering the union of every tile's full extent, so that a window can grow beyond
/// the ROI. The grid is virtual: its size costs nothing until a window is read.
/// </summary>
internal static class S2GridPlanner
{
    private const int EdgeSamples = 32;

    /// <summary>Items in mosaic order (primary first, then its CRS, then the others) and the grid.</summary>
    public static (S2Grid Grid, IReadOnlyList<S2ItemFiles> Ordered) Plan(IReadOnlyList<S2ItemFiles> items, IReadOnlyList<string> bands, Geometry roi)
    {
        if (items.Count == 0)
        {
            throw new S2ReadException("The scene has no items to read.");
        }

        foreach (var files in items)
        {
            foreach (var f in files.Files)
            {
                var t = f.GeoTransform;
                if (!t.IsNorthUp || !(t.Dx > 0) || !(t.Dy < 0) || f.Width <= 0 || f.Height <= 0)
                {
                    throw new S2ReadException($"{f.Name} is not a north-up raster (geotransform {t}); Sentinel-2 tiles always are.");
                }
            }
        }

        var primary = items
            .Select((files, index) => (files, index, area: CoveredArea(files, roi)))
            .OrderByDescending(x => x.area)
            .ThenBy(x => x.index)
            .First().files;
        int epsg = primary.Files[0].Epsg;

        // Pixel size and alignment from the primary tile's finest file, scaled to the 10 m class.
        double pixel = double.MaxValue;
        GeoTransform anchor = primary.Files[0].GeoTransform;
        for (int b = 0; b < bands.Count; b++)
        {
            var f = primary.Files[b];
            double size = f.GeoTransform.Dx * 10.0 / S2Bands.NativeResolutionOf(bands[b]);
            if (size < pixel)
            {
                pixel = size;
                anchor = f.GeoTransform;
            }
        }

        var extent = new Envelope();
        foreach (var files in items)
        {
            foreach (var f in files.Files)
            {
                extent.ExpandToInclude(FileExtentIn(f, epsg));
            }
        }

        double colMin = Snap((extent.MinX - anchor.X0) / pixel, Math.Floor);
        double colMax = Snap((extent.MaxX - anchor.X0) / pixel, Math.Ceiling);
        double rowMin = Snap((anchor.Y0 - extent.MaxY) / pixel, Math.Floor);
        double rowMax = Snap((anchor.Y0 - extent.MinY) / pixel, Math.Ceiling);
        double width = colMax - colMin, height = rowMax - rowMin;
        if (width < 1 || height < 1 || width > int.MaxValue / 2 || height > int.MaxValue / 2)
        {
            throw new S2ReadException($"The scene's tiles span {width} x {height} pixels of {pixel} m; that is no readable grid.");
        }

        var transform = new GeoTransform(anchor.X0 + colMin * pixel, pixel, 0, anchor.Y0 - rowMin * pixel, 0, -pixel);
        var ordered = items
            .OrderBy(i => ReferenceEquals(i, primary) ? 0 : i.Files[0].Epsg == epsg ? 1 : 2)
            .ThenBy(i => i.Item.Id, StringComparer.Ordinal)
            .ToArray();
        return (new S2Grid(epsg, transform, (int)width, (int)height), ordered);
    }

    /// <summary>A file's extent in another CRS: corners and densified edges transformed.</summary>
    internal static Envelope FileExtentIn(IS2BandFile file, int epsg)
    {
        var t = file.GeoTransform;
        double x0 = t.X0, x1 = t.X0 + file.Width * t.Dx, y0 = t.Y0 + file.Height * t.Dy, y1 = t.Y0;
        if (file.Epsg == epsg)
        {
            return new Envelope(x0, x1, y0, y1);
        }

        var transform = CrsTransform.Create(file.Epsg, epsg);
        var envelope = new Envelope();
        for (int k = 0; k <= EdgeSamples; k++)
        {
            double f = (double)k / EdgeSamples;
            double x = x0 + (x1 - x0) * f, y = y0 + (y1 - y0) * f;
            foreach (var (px, py) in new[] { (x, y0), (x, y1), (x0, y), (x1, y) })
            {
                var (tx, ty) = transform.Transform(px, py);
                envelope.ExpandToInclude(tx, ty);
            }
        }

        return envelope;
    }

    private static double CoveredArea(S2ItemFiles files, Geometry roi)
    {
        var footprint = files.Item.Footprint;
        if (footprint is null || footprint.IsEmpty)
        {
            var e = FileExtentIn(files.Files[0], CrsRegistry.Wgs84);
            footprint = new GeometryFactory().ToGeometry(e);
        }

        try
        {
            return footprint.Intersection(roi).Area;
        }
        catch (TopologyException)
        {
            return footprint.EnvelopeInternal.Intersection(roi.EnvelopeInternal).Area;
        }
    }

    // Grid edges computed from metres can land a hair off a whole pixel; do not add a pixel for that.
    private static double Snap(double value, Func<double, double> round)
    {
        double nearest = Math.Round(value);
        return Math.Abs(value - nearest) < 1e-6 ? nearest : round(value);
    }
}
