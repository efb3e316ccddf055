using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Projection;
using SegmentS2.Raster;

namespace SegmentS2.Testing.Demo;

/// <summary>
/// A synthetic Sentinel-2 L2A-like scene the project makes itself, so the demo runs on any machine:
/// 10 m bands B02, B03, B04, B08 (and, when written, every other spectral band, derived: <see cref="DemoSpectra"/>) and a 20 m SCL in WGS 84 / UTM 31N, field parcels of distinct
/// plausible reflectance separated by roads, a lake, sensor noise and a nodata border, stored with
/// processing baseline 04.00 (DN = reflectance x 10000 + 1000) so that the BOA offset matters.
/// Deterministic for a given seed.
/// </summary>
public sealed class DemoScene
{
    /// <summary>EPSG code of the scene grid.</summary>
    public const int Epsg = 32631;

    /// <summary>The 10 m bands generated.</summary>
    public static readonly IReadOnlyList<string> Bands = ["B02", "B03", "B04", "B08"];

    // Surface reflectance (B02, B03, B04, B08) of each land cover, typical values for the season.
    private static readonly (string Name, float[] Reflectance)[] Covers =
    [
        ("wheat", [0.035f, 0.070f, 0.045f, 0.350f]),
        ("bare soil", [0.120f, 0.150f, 0.180f, 0.250f]),
        ("rapeseed", [0.060f, 0.110f, 0.090f, 0.300f]),
        ("grassland", [0.045f, 0.085f, 0.060f, 0.280f]),
        ("stubble", [0.090f, 0.120f, 0.150f, 0.220f]),
    ];

    private static readonly float[] Road = [0.130f, 0.130f, 0.140f, 0.160f];
    private static readonly float[] Water = [0.060f, 0.050f, 0.030f, 0.015f];

    private DemoScene(int size, GeoTransform transform, ushort[] dn, byte[] scl, IReadOnlyList<DemoParcel> parcels, (double Col, double Row, double Radius) lake)
    {
        Size = size;
        GeoTransform = transform;
        DigitalNumbers = dn;
        SceneClassification = scl;
        Parcels = parcels;
        Lake = lake;
    }

    /// <summary>Width and height of the 10 m grid.</summary>
    public int Size { get; }

    /// <summary>Geotransform of the 10 m grid.</summary>
    public GeoTransform GeoTransform { get; }

    /// <summary>Band-sequential DNs of <see cref="Bands"/>, Size x Size each; 0 is nodata.</summary>
    public ushort[] DigitalNumbers { get; }

    /// <summary>SCL at 20 m (Size/2 x Size/2): 0 nodata, 4 vegetation, 5 bare soil, 6 water.</summary>
    public byte[] SceneClassification { get; }

    /// <summary>The parcels.</summary>
    public IReadOnlyList<DemoParcel> Parcels { get; }

    /// <summary>The lake's centre and radius in pixels.</summary>
    public (double Col, double Row, double Radius) Lake { get; }

    /// <summary>Acquisition time.</summary>
    public static DateTimeOffset DateTime { get; } = new(2023, 6, 14, 10, 56, 19, TimeSpan.Zero);

    /// <summary>Item id of the scene.</summary>
    public const string ItemId = "S2B_MSIL2A_20230614T105619_R094_T31TCJ_DEMO";

    /// <summary>Generates the scene.</summary>
    /// <param name="size">Width and height in 10 m pixels (even, at least 256).</param>
    /// <param name="seed">Random seed.</param>
    public static DemoScene Create(int size = 1536, int seed = 20230614)
    {
        if (size < 256 || size % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The demo scene is an even number of pixels, at least 256.");
        }

        var rng = new Random(seed);
        var transform = new GeoTransform(399960, 10, 0, 4800000, 0, -10);
        int plane = size * size;
        var cover = new sbyte[plane]; // index into Covers, -1 road, -2 water
        var parcels = new List<DemoParcel>();

        // Field grid: rows and columns of varying width separated by 3-pixel roads.
        int row = 0, id = 1;
        while (row < size)
        {
            int h = rng.Next(90, 190);
            int col = 0;
            while (col < size)
            {
                int w = rng.Next(90, 230);
                int crop = rng.Next(Covers.Length);
                int pw = Math.Min(w, size - col), ph = Math.Min(h, size - row);
                parcels.Add(new DemoParcel(id++, col, row, Math.Max(0, pw - 3), Math.Max(0, ph - 3), Covers[crop].Name));
                for (int y = row; y < row + ph; y++)
                {
                    for (int x = col; x < col + pw; x++)
                    {
                        cover[y * size + x] = (sbyte)(x >= col + pw - 3 || y >= row + ph - 3 ? -1 : crop);
                    }
                }

                col += w;
            }

            row += h;
        }

        var lake = (Col: size * 0.72, Row: size * 0.30, Radius: size * 0.08);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double dx = x + 0.5 - lake.Col, dy = (y + 0.5 - lake.Row) * 1.4;
                if (dx * dx + dy * dy < lake.Radius * lake.Radius)
                {
                    cover[y * size + x] = -2;
                }
            }
        }

        // Parcels cut by the lake are no longer clean fields.
        parcels.RemoveAll(p => p.Width < 40 || p.Height < 40 || Touches(p, lake));

        var dn = new ushort[Bands.Count * plane];
        int border = size / 24;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int i = y * size + x;
                // Nodata: a left border and a wedge at the bottom-left, as at a swath edge.
                bool nodata = x < border || x + (size - y) < size / 5;
                var refl = cover[i] switch
                {
                    -1 => Road,
                    -2 => Water,
                    var c => Covers[c].Reflectance,
                };
                for (int b = 0; b < Bands.Count; b++)
                {
                    if (nodata)
                    {
                        continue;
                    }

                    double noise = Gaussian(rng) * 0.004;
                    double value = Math.Clamp((refl[b] + noise) * 10000 + 1000, 1, 65535);
                    dn[b * plane + i] = (ushort)Math.Round(value);
                }
            }
        }

        int half = size / 2;
        var scl = new byte[half * half];
        for (int y = 0; y < half; y++)
        {
            for (int x = 0; x < half; x++)
            {
                int i = 2 * y * size + 2 * x;
                scl[y * half + x] = dn[i] == 0 ? (byte)0 : cover[i] switch
                {
                    -2 => (byte)6,
                    -1 or 1 or 4 => (byte)5,
                    _ => (byte)4,
                };
            }
        }

        return new DemoScene(size, transform, dn, scl, parcels, lake);
    }

    private static bool Touches(DemoParcel p, (double Col, double Row, double Radius) lake)
    {
        double cx = Math.Clamp(lake.Col, p.Col, p.Col + p.Width), cy = Math.Clamp(lake.Row, p.Row, p.Row + p.Height);
        double dx = cx - lake.Col, dy = (cy - lake.Row) * 1.4;
        return dx * dx + dy * dy < (lake.Radius + 10) * (lake.Radius + 10);
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Longitude and latitude of a scene pixel position.</summary>
    public (double Lon, double Lat) PixelToLonLat(double col, double row)
    {
        var (x, y) = GeoTransform.PixelToMap(col, row);
        return CrsTransform.Create(Epsg, CrsRegistry.Wgs84).Transform(x, y);
    }

    /// <summary>
    /// The demo prompts: a foreground point in one parcel, a box around a second, and a foreground
    /// plus a background point for a third, as a GeoJSON FeatureCollection in EPSG:4326.
    /// </summary>
    public string PromptsGeoJson()
    {
        var picks = PickParcels();
        var features = new JsonArray();
        void AddPoint(int promptId, double col, double row, int label)
        {
            var (lon, lat) = PixelToLonLat(col, row);
            features.Add(Feature(new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) }, promptId, label));
        }

        AddPoint(picks[0].Id, picks[0].CentreCol, picks[0].CentreRow, 1);

        var b = picks[1];
        var ring = new JsonArray();
        foreach (var (c, r) in new[] { (b.Col + 2.0, b.Row + 2.0), (b.Col + b.Width - 2.0, b.Row + 2.0), (b.Col + b.Width - 2.0, b.Row + b.Height - 2.0), (b.Col + 2.0, b.Row + b.Height - 2.0), (b.Col + 2.0, b.Row + 2.0) })
        {
            var (lon, lat) = PixelToLonLat(c, r);
            ring.Add(new JsonArray(lon, lat));
        }

        features.Add(Feature(new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) }, b.Id, 1));

        var p = picks[2];
        AddPoint(p.Id, p.CentreCol, p.CentreRow, 1);
        AddPoint(p.Id, p.Col + p.Width + 12, p.CentreRow, 0);

        var collection = new JsonObject { ["type"] = "FeatureCollection", ["features"] = features };
        return collection.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The three parcels the demo prompts pick: large fields of different crops away from the nodata border.</summary>
    public IReadOnlyList<DemoParcel> PickParcels()
    {
        int border = Size / 24 + 60;
        var candidates = Parcels
            .Where(p => p.Col > border && p.Row > 30 && p.Col + p.Width < Size - 30 && p.Row + p.Height < Size - Size / 5 - 30 && p.Width > 80 && p.Height > 80)
            .OrderByDescending(p => p.Width * p.Height)
            .ToList();
        var picked = new List<DemoParcel>();
        foreach (var c in candidates)
        {
            if (picked.All(x => x.Crop != c.Crop) && picked.Count < 3)
            {
                picked.Add(c);
            }
        }

        if (picked.Count < 3)
        {
            throw new InvalidOperationException("The demo scene has too few large parcels; use a larger size.");
        }

        return picked;
    }

    /// <summary>A region of interest in EPSG:4326 as WKT: the scene's interior, away from its edges.</summary>
    public string RoiWkt()
    {
        double m = Size * 0.04;
        var corners = new[] { (m, m), (Size - m, m), (Size - m, Size - m), (m, Size - m), (m, m) }
            .Select(c => PixelToLonLat(c.Item1, c.Item2))
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Lon:0.#########} {c.Lat:0.#########}"));
        return $"POLYGON (({string.Join(", ", corners)}))";
    }

    /// <summary>
    /// Writes the scene as Cloud-Optimised GeoTIFFs (B02.tif, B03.tif, B04.tif, B08.tif at 10 m, the other spectral bands
    /// of <see cref="DemoSpectra"/> at 20 m and 60 m, SCL.tif at 20 m;
    /// DEFLATE, 512 px tiles, overviews, nodata 0), a Planetary-Computer-shaped STAC item (<c>item.json</c>, relative
    /// hrefs) and the demo prompts (<c>prompts.geojson</c>) into <paramref name="directory"/>.
    /// </summary>
    /// <returns>The path of the STAC item.</returns>
    public async Task<string> WriteAsync(string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        int plane = Size * Size;
        for (int b = 0; b < Bands.Count; b++)
        {
            var options = new GeoTiffWriteOptions
            {
                Epsg = Epsg,
                GeoTransform = GeoTransform,
                NoData = 0,
                BandDescriptions = [Bands[b]],
                Cog = true,
            };
            await GeoTiffWriter.WriteAsync<ushort>(Path.Combine(directory, $"{Bands[b]}.tif"), Size, Size, 1,
                DigitalNumbers.AsMemory(b * plane, plane), options, cancellationToken).ConfigureAwait(false);
        }

        foreach (var band in DemoSpectra.Bands)
        {
            int factor = SegmentS2.Sentinel2.Bands.S2Bands.NativeResolutionOf(band) / 10, size = DemoSpectra.SizeOf(band, Size);
            var options = new GeoTiffWriteOptions
            {
                Epsg = Epsg,
                GeoTransform = GeoTransform with { Dx = GeoTransform.Dx * factor, Dy = GeoTransform.Dy * factor },
                NoData = 0,
                BandDescriptions = [band],
                Cog = true,
            };
            await GeoTiffWriter.WriteAsync<ushort>(Path.Combine(directory, $"{band}.tif"), size, size, 1,
                DemoSpectra.DigitalNumbers(this, band).AsMemory(), options, cancellationToken).ConfigureAwait(false);
        }

        var sclOptions = new GeoTiffWriteOptions
        {
            Epsg = Epsg,
            GeoTransform = GeoTransform with { Dx = GeoTransform.Dx * 2, Dy = GeoTransform.Dy * 2 },
            NoData = 0,
            BandDescriptions = ["SCL"],
            Cog = true,
            OverviewResampling = GeoTiffOverviewResampling.Nearest,
        };
        await GeoTiffWriter.WriteAsync<byte>(Path.Combine(directory, "SCL.tif"), Size / 2, Size / 2, 1, SceneClassification.AsMemory(), sclOptions, cancellationToken).ConfigureAwait(false);

        string itemPath = Path.Combine(directory, "item.json");
        await File.WriteAllTextAsync(itemPath, StacItemJson(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "prompts.geojson"), PromptsGeoJson(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "roi.wkt"), RoiWkt(), cancellationToken).ConfigureAwait(false);
        return itemPath;
    }

    /// <summary>A STAC item shaped like a Planetary Computer <c>sentinel-2-l2a</c> item, with hrefs relative to it.</summary>
    public string StacItemJson()
    {
        var ring = new JsonArray();
        foreach (var (c, r) in new[] { (0.0, 0.0), (Size, 0.0), (Size, (double)Size), (0.0, (double)Size), (0.0, 0.0) })
        {
            var (lon, lat) = PixelToLonLat(c, r);
            ring.Add(new JsonArray(lon, lat));
        }

        var assets = new JsonObject();
        string[] names = ["Band 2 - Blue - 10m", "Band 3 - Green - 10m", "Band 4 - Red - 10m", "Band 8 - NIR - 10m"];
        for (int b = 0; b < Bands.Count; b++)
        {
            assets[Bands[b]] = Asset($"{Bands[b]}.tif", names[b], 10, Size, Bands[b]);
        }

        foreach (var band in DemoSpectra.Bands)
        {
            int gsd = SegmentS2.Sentinel2.Bands.S2Bands.NativeResolutionOf(band);
            assets[band] = Asset($"{band}.tif", $"Band {band.TrimStart('B', '0')} - {gsd}m (derived)", gsd, DemoSpectra.SizeOf(band, Size), band);
        }

        assets["SCL"] = Asset("SCL.tif", "Scene classification map (SCL)", 20, Size / 2, null);
        var (minLon, minLat) = PixelToLonLat(0, Size);
        var (maxLon, maxLat) = PixelToLonLat(Size, 0);
        var item = new JsonObject
        {
            ["type"] = "Feature",
            ["stac_version"] = "1.0.0",
            ["id"] = ItemId,
            ["collection"] = "sentinel-2-l2a",
            ["bbox"] = new JsonArray(minLon, minLat, maxLon, maxLat),
            ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) },
            ["properties"] = new JsonObject
            {
                ["datetime"] = DateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
                ["platform"] = "Sentinel-2B",
                ["proj:epsg"] = Epsg,
                ["s2:mgrs_tile"] = "31TCJ",
                ["s2:processing_baseline"] = "04.00",
                ["sat:relative_orbit"] = 94,
                ["eo:cloud_cover"] = 0.0,
                ["s2:nodata_pixel_percentage"] = 8.5,
                ["segments2:synthetic"] = "Demo scene generated by SegmentS2.Testing; not real Sentinel-2 data.",
            },
            ["assets"] = assets,
            ["links"] = new JsonArray(),
        };
        return item.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private JsonObject Asset(string href, string title, int gsd, int size, string? band)
    {
        var asset = new JsonObject
        {
            ["href"] = href,
            ["type"] = "image/tiff; application=geotiff; profile=cloud-optimized",
            ["title"] = title,
            ["roles"] = new JsonArray("data"),
            ["gsd"] = gsd,
            ["proj:shape"] = new JsonArray(size, size),
            ["proj:transform"] = new JsonArray(GeoTransform.Dx * gsd / 10, 0, GeoTransform.X0, 0, GeoTransform.Dy * gsd / 10, GeoTransform.Y0),
        };
        if (band is not null)
        {
            asset["eo:bands"] = new JsonArray(new JsonObject { ["name"] = band });
        }

        return asset;
    }

    private static JsonObject Feature(JsonObject geometry, int promptId, int label) => new()
    {
        ["type"] = "Feature",
        ["geometry"] = geometry,
        ["properties"] = new JsonObject { ["prompt_id"] = promptId, ["label"] = label },
    };
}
