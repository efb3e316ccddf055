using System.Buffers.Text;
using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace SegmentS2.Output;

/// <summary>
/// Writes a collection of polygonal features as GeoJSON (RFC 7946): member order <c>type</c>, <c>geometry</c>,
/// <c>properties</c>; shells counter-clockwise and holes clockwise; coordinates with a fixed number of decimals.
/// </summary>
/// <remarks>
/// A mask of field-sized texture can have hundreds of thousands of vertices. Formatting each double as its shortest
/// round-trip string was most of the write (NetTopologySuite's converter, 17 significant digits); RFC 7946 §11.2
/// recommends limiting precision instead. Degrees get 7 decimals (about 1 cm), metres 3 (1 mm): far below a 10 m
/// pixel, and the polygons still rasterise to the same pixels.
/// </remarks>
internal static class GeoJsonPolygonWriter
{
    /// <summary>Decimals of coordinates in degrees (EPSG:4326): 1e-7 degrees is at most 1.1 cm.</summary>
    public const int DegreeDecimals = 7;

    /// <summary>Decimals of coordinates in metres (projected CRSs).</summary>
    public const int MetreDecimals = 3;

    // The writer's buffer goes to the stream whenever it holds this much.
    private const int FlushBytes = 1 << 16;

    private static ReadOnlySpan<long> Powers => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>
    /// Writes <paramref name="collection"/>. Each feature's geometry must be a polygon, a multipolygon or empty; its
    /// attributes must be strings, integers or doubles.
    /// </summary>
    /// <param name="stream">Destination.</param>
    /// <param name="collection">The features.</param>
    /// <param name="decimals">Decimals of every coordinate (<see cref="DegreeDecimals"/> or <see cref="MetreDecimals"/>), 0 to 8.</param>
    /// <param name="cancellationToken">Stops between features.</param>
    public static async Task WriteAsync(Stream stream, FeatureCollection collection, int decimals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, Powers.Length - 1);
        await using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "FeatureCollection"u8);
        writer.WriteStartArray("features"u8);
        foreach (var feature in collection)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.WriteStartObject();
            writer.WriteString("type"u8, "Feature"u8);
            writer.WritePropertyName("geometry"u8);
            WriteGeometry(writer, feature.Geometry, decimals);
            writer.WritePropertyName("properties"u8);
            WriteProperties(writer, feature.Attributes);
            writer.WriteEndObject();
            if (writer.BytesPending >= FlushBytes)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Formats <paramref name="value"/> rounded to <paramref name="decimals"/> decimals, trailing zeros dropped; returns the bytes written.</summary>
    /// <remarks>Half-way cases round to even, as <see cref="Math.Round(double, MidpointRounding)"/> does with the scaled value.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or too large for a fixed-point coordinate (|value| x 10^decimals over 2^53).</exception>
    public static int FormatCoordinate(double value, int decimals, Span<byte> destination)
    {
        long scale = Powers[decimals];
        double scaled = Math.Round(value * scale, MidpointRounding.ToEven);
        if (!double.IsFinite(scaled) || Math.Abs(scaled) > 9_007_199_254_740_992d)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A coordinate must be finite and at most 2^53 / 10^{decimals} in magnitude.");
        }

        long units = (long)scaled;
        int at = 0;
        if (units < 0)
        {
            destination[at++] = (byte)'-';
            units = -units;
        }

        long whole = units / scale, fraction = units % scale;
        Utf8Formatter.TryFormat(whole, destination[at..], out int written);
        at += written;
        if (fraction == 0)
        {
            return at;
        }

        int digits = decimals;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        destination[at++] = (byte)'.';
        for (int d = at + digits - 1; d >= at; d--)
        {
            destination[d] = (byte)('0' + (int)(fraction % 10));
            fraction /= 10;
        }

        return at + digits;
    }

    private static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry, int decimals)
    {
        writer.WriteStartObject();
        switch (geometry)
        {
            case Polygon polygon:
                writer.WriteString("type"u8, "Polygon"u8);
                writer.WritePropertyName("coordinates"u8);
                WritePolygon(writer, polygon, decimals);
                break;
            case MultiPolygon multi:
                writer.WriteString("type"u8, "MultiPolygon"u8);
                writer.WriteStartArray("coordinates"u8);
                for (int i = 0; i < multi.NumGeometries; i++)
                {
                    WritePolygon(writer, (Polygon)multi.GetGeometryN(i), decimals);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"GeoJsonPolygonWriter writes polygons and multipolygons, not {geometry.GeometryType}.", nameof(geometry));
        }

        writer.WriteEndObject();
    }

    private static void WritePolygon(Utf8JsonWriter writer, Polygon polygon, int decimals)
    {
        writer.WriteStartArray();
        if (!polygon.IsEmpty)
        {
            WriteRing(writer, polygon.Shell.CoordinateSequence, counterClockwise: true, decimals);
            foreach (var hole in polygon.Holes)
            {
                WriteRing(writer, hole.CoordinateSequence, counterClockwise: false, decimals);
            }
        }

        writer.WriteEndArray();
    }

    // RFC 7946 §3.1.6: shells counter-clockwise, holes clockwise; a ring the other way round is written backwards.
    private static void WriteRing(Utf8JsonWriter writer, CoordinateSequence ring, bool counterClockwise, int decimals)
    {
        int n = ring.Count;
        bool reverse = Orientation.IsCCWArea(ring) != counterClockwise;
        Span<byte> number = stackalloc byte[32];
        writer.WriteStartArray();
        for (int k = 0; k < n; k++)
        {
            int i = reverse ? n - 1 - k : k;
            writer.WriteStartArray();
            writer.WriteRawValue(number[..FormatCoordinate(ring.GetX(i), decimals, number)], skipInputValidation: true);
            writer.WriteRawValue(number[..FormatCoordinate(ring.GetY(i), decimals, number)], skipInputValidation: true);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void WriteProperties(Utf8JsonWriter writer, IAttributesTable? attributes)
    {
        if (attributes is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        foreach (string name in attributes.GetNames())
        {
            switch (attributes[name])
            {
                case null:
                    writer.WriteNull(name);
                    break;
                case string text:
                    writer.WriteString(name, text);
                    break;
                case double real:
                    writer.WriteNumber(name, real);
                    break;
                case long integer:
                    writer.WriteNumber(name, integer);
                    break;
                case int integer:
                    writer.WriteNumber(name, integer);
                    break;
                case var other:
                    throw new ArgumentException($"Attribute '{name}' is a {other.GetType().Name}; GeoJsonPolygonWriter writes strings, integers and doubles.", nameof(attributes));
            }
        }

        writer.WriteEndObject();
    }
}
