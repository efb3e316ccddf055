using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace SegmentS2.Sentinel2.Validation;

/// <summary>Checks search and read requests before any network or file access.</summary>
internal static class S2RequestValidator
{
    /// <summary>Checks a search request: a valid ROI, a time range that ends on or after its start, sane limits.</summary>
    /// <exception cref="InvalidRoiException">The ROI is not a valid non-empty polygon in longitude/latitude.</exception>
    /// <exception cref="InvalidTimeRangeException">The end is before the start.</exception>
    /// <exception cref="InvalidSearchRequestException">Cloud cover, page size or item limit is out of range.</exception>
    public static void Validate(S2SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateRoi(request.Roi);
        if (request.End < request.Start)
        {
            throw new InvalidTimeRangeException(request.Start, request.End);
        }

        if (request.MaxCloudCover is double c && (!double.IsFinite(c) || c < 0 || c > 100))
        {
            throw new InvalidSearchRequestException($"Maximum cloud cover {c.ToString(CultureInfo.InvariantCulture)} is not a percentage in 0..100.");
        }

        if (request.PageSize is < 1 or > 10000)
        {
            throw new InvalidSearchRequestException($"Page size {request.PageSize} is not in 1..10000.");
        }

        if (request.MaxItems is < 1)
        {
            throw new InvalidSearchRequestException($"Maximum item count {request.MaxItems} is not positive.");
        }
    }

    /// <summary>Checks a read request: a valid ROI and at least one band.</summary>
    /// <exception cref="InvalidRoiException">The ROI is not a valid non-empty polygon in longitude/latitude.</exception>
    /// <exception cref="InvalidSearchRequestException">No bands are requested.</exception>
    public static void Validate(S2ReadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateRoi(request.Roi);
        if (request.Bands is null || request.Bands.Count == 0)
        {
            throw new InvalidSearchRequestException("No bands requested; name at least one (for example R, G, B).");
        }
    }

    /// <summary>
    /// Checks that a region of interest is a valid, non-empty Polygon or MultiPolygon with an area,
    /// in longitude/latitude degrees.
    /// </summary>
    /// <exception cref="InvalidRoiException">It is not.</exception>
    public static void ValidateRoi(Geometry? roi)
    {
        if (roi is null)
        {
            throw new InvalidRoiException("No region of interest given; pass a Polygon or MultiPolygon in EPSG:4326.");
        }

        if (roi is not (Polygon or MultiPolygon))
        {
            throw new InvalidRoiException($"The region of interest is a {roi.GeometryType}; it must be a Polygon or MultiPolygon in EPSG:4326.");
        }

        if (roi.IsEmpty)
        {
            throw new InvalidRoiException($"The region of interest is an empty {roi.GeometryType}.");
        }

        foreach (var c in roi.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X < -180 || c.X > 180 || c.Y < -90 || c.Y > 90)
            {
                throw new InvalidRoiException(
                    $"The region of interest has the vertex ({c.X.ToString(CultureInfo.InvariantCulture)}, {c.Y.ToString(CultureInfo.InvariantCulture)}), outside longitude -180..180 / latitude -90..90; give EPSG:4326 coordinates as (longitude, latitude).");
            }
        }

        var validity = new IsValidOp(roi).ValidationError;
        if (validity is not null)
        {
            throw new InvalidRoiException($"The region of interest is not a valid polygon: {validity.Message} at ({validity.Coordinate?.X.ToString(CultureInfo.InvariantCulture)}, {validity.Coordinate?.Y.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (roi.Area <= 0)
        {
            throw new InvalidRoiException("The region of interest has no area.");
        }
    }

    /// <summary>The ROI's bounds as text for messages: "lon min, lat min, lon max, lat max".</summary>
    public static string DescribeBounds(Geometry roi)
    {
        var e = roi.EnvelopeInternal;
        return string.Create(CultureInfo.InvariantCulture, $"[{e.MinX:0.######}, {e.MinY:0.######}, {e.MaxX:0.######}, {e.MaxY:0.######}]");
    }
}
