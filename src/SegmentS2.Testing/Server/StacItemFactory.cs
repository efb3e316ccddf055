using System.Globalization;
using System.Text.Json.Nodes;
using SegmentS2.Projection;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Testing.Server;

/// <summary>
/// STAC items for synthetic tiles, shaped like the real catalogues' <c>sentinel-2-l2a</c> items:
/// Planetary Computer (asset keys B01..SCL, blob hrefs, <c>s2:*</c> and <c>sat:*</c> properties, no
/// scale/offset) and Earth Search v1 (asset keys red, nir08, scl..., <c>raster:bands</c>
/// scale/offset, <c>earthsearch:boa_offset_applied</c>, JPEG 2000 twins).
/// </summary>
public static class StacItemFactory
{
    private static readonly Dictionary<string, (string Common, string EarthSearchKey, double Wavelength)> BandNames = new()
    {
        ["B01"] = ("coastal", "coastal", 0.443),
        ["B02"] = ("blue", "blue", 0.49),
        ["B03"] = ("green", "green", 0.56),
        ["B04"] = ("red", "red", 0.665),
        ["B05"] = ("rededge", "rededge1", 0.704),
        ["B06"] = ("rededge", "rededge2", 0.74),
        ["B07"] = ("rededge", "rededge3", 0.783),
        ["B08"] = ("nir", "nir", 0.842),
        ["B8A"] = ("nir08", "nir08", 0.865),
        ["B09"] = ("nir09", "nir09", 0.945),
        ["B11"] = ("swir16", "swir16", 1.61),
        ["B12"] = ("swir22", "swir22", 2.19),
        ["SCL"] = ("", "scl", 0),
    };

    /// <summary>The Planetary Computer item id of a tile of a scene.</summary>
    public static string PlanetaryComputerId(SyntheticScene scene, SyntheticTile tile) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Short(scene.Platform)}_MSIL2A_{scene.DateTime.UtcDateTime:yyyyMMdd'T'HHmmss}_R{scene.RelativeOrbit:000}_T{tile.MgrsTile}_{scene.DateTime.UtcDateTime.AddHours(3):yyyyMMdd'T'HHmmss}");

    /// <summary>The Earth Search item id of a tile of a scene.</summary>
    public static string EarthSearchId(SyntheticScene scene, SyntheticTile tile) =>
        string.Create(CultureInfo.InvariantCulture, $"{Short(scene.Platform)}_{tile.MgrsTile}_{scene.DateTime.UtcDateTime:yyyyMMdd}_0_L2A");

    /// <summary>The blob path (after the host) of a band file in Planetary Computer layout: <c>sentinel2-l2/31/U/DQ/.../B04_10m.tif</c>.</summary>
    public static string PlanetaryComputerBlobPath(SyntheticScene scene, SyntheticTile tile, string band)
    {
        var t = scene.DateTime.UtcDateTime;
        string product = PlanetaryComputerId(scene, tile).Replace("_R", "_N" + BaselineCode(scene.ProcessingBaseline) + "_R", StringComparison.Ordinal);
        int res = S2Bands.NativeResolutionOf(band);
        return string.Create(CultureInfo.InvariantCulture,
            $"sentinel2-l2/{tile.MgrsTile[..2]}/{tile.MgrsTile[2]}/{tile.MgrsTile[3..]}/{t:yyyy}/{t:MM}/{t:dd}/{product}.SAFE/GRANULE/L2A_T{tile.MgrsTile}/IMG_DATA/R{res}m/T{tile.MgrsTile}_{t:yyyyMMdd'T'HHmmss}_{band}_{res}m.tif");
    }

    /// <summary>The object path of a band file in Earth Search layout: <c>sentinel-cogs/sentinel-s2-l2a-cogs/31/U/DQ/2023/6/{id}/B04.tif</c>.</summary>
    public static string EarthSearchObjectPath(SyntheticScene scene, SyntheticTile tile, string band)
    {
        var t = scene.DateTime.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"sentinel-cogs/sentinel-s2-l2a-cogs/{tile.MgrsTile[..2].TrimStart('0')}/{tile.MgrsTile[2]}/{tile.MgrsTile[3..]}/{t:yyyy}/{t.Month}/{EarthSearchId(scene, tile)}/{band}.tif");
    }

    /// <summary>A Planetary Computer-shaped item; hrefs are <c>{blobRoot}{account}.blob.core.windows.net/...</c>-style URLs built by <paramref name="blobHref"/>.</summary>
    public static JsonObject PlanetaryComputerItem(SyntheticScene scene, SyntheticTile tile, Func<string, string> blobHref)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(tile);
        var assets = new JsonObject();
        foreach (var (band, file) in tile.Bands.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            var asset = BandAsset(file, blobHref(PlanetaryComputerBlobPath(scene, tile, band)));
            asset["title"] = band == S2Bands.Scl ? "Scene classfication map (SCL)" : $"Band {band[1..].TrimStart('0')} - {BandNames[band].Common} - {S2Bands.NativeResolutionOf(band)}m";
            if (band != S2Bands.Scl)
            {
                asset["eo:bands"] = new JsonArray(new JsonObject { ["name"] = band, ["common_name"] = BandNames[band].Common, ["center_wavelength"] = BandNames[band].Wavelength });
            }

            assets[band] = asset;
        }

        assets["tilejson"] = new JsonObject { ["href"] = "https://planetarycomputer.microsoft.com/api/data/v1/item/tilejson.json", ["type"] = "application/json", ["roles"] = new JsonArray("tiles") };
        assets["product-metadata"] = new JsonObject { ["href"] = blobHref(PlanetaryComputerBlobPath(scene, tile, "B04").Replace("IMG_DATA", "MTD", StringComparison.Ordinal) + ".xml"), ["type"] = "application/xml", ["roles"] = new JsonArray("metadata") };
        var id = PlanetaryComputerId(scene, tile);
        var properties = new JsonObject
        {
            ["datetime"] = scene.DateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["platform"] = "Sentinel-" + scene.Platform[^2..].ToUpperInvariant(),
            ["proj:epsg"] = tile.Epsg,
            ["instruments"] = new JsonArray("msi"),
            ["s2:mgrs_tile"] = tile.MgrsTile,
            ["constellation"] = "Sentinel 2",
            ["eo:cloud_cover"] = tile.CloudCover,
            ["s2:product_uri"] = id.Replace("_R", "_N" + BaselineCode(scene.ProcessingBaseline) + "_R", StringComparison.Ordinal) + ".SAFE",
            ["s2:product_type"] = "S2MSI2A",
            ["sat:orbit_state"] = "descending",
            ["sat:relative_orbit"] = scene.RelativeOrbit,
            ["s2:processing_baseline"] = scene.ProcessingBaseline,
            ["s2:nodata_pixel_percentage"] = 0.0,
        };
        return Feature(id, tile, properties, assets, "https://planetarycomputer.microsoft.com/api/stac/v1",
            ["https://stac-extensions.github.io/eo/v1.0.0/schema.json", "https://stac-extensions.github.io/sat/v1.0.0/schema.json", "https://stac-extensions.github.io/projection/v1.0.0/schema.json"]);
    }

    /// <summary>An Earth Search v1-shaped item with hrefs built by <paramref name="objectHref"/>.</summary>
    /// <param name="scene">The scene.</param>
    /// <param name="tile">The tile.</param>
    /// <param name="objectHref">Maps an object path to an href.</param>
    /// <param name="boaOffsetApplied">
    /// The <c>earthsearch:boa_offset_applied</c> flag. Null follows Earth Search: true for baseline 04.00+
    /// (the COG DNs were harmonised), false before.
    /// </param>
    public static JsonObject EarthSearchItem(SyntheticScene scene, SyntheticTile tile, Func<string, string> objectHref, bool? boaOffsetApplied = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(tile);
        bool newBaseline = S2Reflectance.HasBoaOffset(scene.ProcessingBaseline);
        var assets = new JsonObject();
        foreach (var (band, file) in tile.Bands.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            var key = BandNames[band].EarthSearchKey;
            var href = objectHref(EarthSearchObjectPath(scene, tile, band));
            var asset = BandAsset(file, href);
            var raster = new JsonObject { ["nodata"] = 0, ["data_type"] = band == S2Bands.Scl ? "uint8" : "uint16", ["spatial_resolution"] = S2Bands.NativeResolutionOf(band) };
            if (band != S2Bands.Scl)
            {
                raster["bits_per_sample"] = 15;
                raster["scale"] = 0.0001;
                raster["offset"] = newBaseline ? -0.1 : 0;
                asset["eo:bands"] = new JsonArray(new JsonObject { ["name"] = key, ["common_name"] = BandNames[band].Common, ["center_wavelength"] = BandNames[band].Wavelength });
            }

            asset["raster:bands"] = new JsonArray(raster);
            asset["roles"] = new JsonArray("data", "reflectance");
            assets[key] = asset;
            assets[key + "-jp2"] = new JsonObject
            {
                ["href"] = href.Replace("sentinel-cogs/sentinel-s2-l2a-cogs", "sentinel-s2-l2a/tiles", StringComparison.Ordinal).Replace(".tif", ".jp2", StringComparison.Ordinal),
                ["type"] = "image/jp2",
                ["roles"] = new JsonArray("data"),
            };
        }

        var t = scene.DateTime.UtcDateTime;
        var properties = new JsonObject
        {
            ["created"] = t.AddHours(6).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["platform"] = scene.Platform,
            ["constellation"] = "sentinel-2",
            ["instruments"] = new JsonArray("msi"),
            ["eo:cloud_cover"] = tile.CloudCover,
            ["proj:epsg"] = tile.Epsg,
            ["mgrs:utm_zone"] = int.Parse(tile.MgrsTile[..2], CultureInfo.InvariantCulture),
            ["mgrs:latitude_band"] = tile.MgrsTile[2..3],
            ["mgrs:grid_square"] = tile.MgrsTile[3..],
            ["grid:code"] = "MGRS-" + tile.MgrsTile,
            ["s2:processing_baseline"] = scene.ProcessingBaseline,
            ["s2:product_uri"] = PlanetaryComputerId(scene, tile).Replace("_R", "_N" + BaselineCode(scene.ProcessingBaseline) + "_R", StringComparison.Ordinal) + ".SAFE",
            ["datetime"] = t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["earthsearch:boa_offset_applied"] = boaOffsetApplied ?? newBaseline,
        };
        return Feature(EarthSearchId(scene, tile), tile, properties, assets, "https://earth-search.aws.element84.com/v1",
            ["https://stac-extensions.github.io/eo/v1.1.0/schema.json", "https://stac-extensions.github.io/raster/v1.1.0/schema.json", "https://stac-extensions.github.io/mgrs/v1.0.0/schema.json"]);
    }

    /// <summary>The tile's footprint corners in longitude/latitude, closed ring.</summary>
    public static (double Lon, double Lat)[] Footprint(SyntheticTile tile)
    {
        var t = tile.Transform;
        var toGeo = CrsTransform.Create(tile.Epsg, CrsRegistry.Wgs84);
        double x0 = t.X0, y0 = t.Y0, x1 = t.X0 + tile.Size * t.Dx, y1 = t.Y0 + tile.Size * t.Dy;
        return new[] { (x0, y0), (x0, y1), (x1, y1), (x1, y0), (x0, y0) }.Select(p => toGeo.Transform(p.Item1, p.Item2)).ToArray();
    }

    private static JsonObject BandAsset(SyntheticBandFile file, string href)
    {
        var t = file.Transform;
        return new JsonObject
        {
            ["href"] = href,
            ["type"] = "image/tiff; application=geotiff; profile=cloud-optimized",
            ["roles"] = new JsonArray("data"),
            ["gsd"] = S2Bands.NativeResolutionOf(file.Band),
            ["proj:shape"] = new JsonArray(file.Height, file.Width),
            ["proj:transform"] = new JsonArray(t.Dx, t.Rx, t.X0, t.Ry, t.Dy, t.Y0),
            ["proj:bbox"] = new JsonArray(t.X0, t.Y0 + file.Height * t.Dy, t.X0 + file.Width * t.Dx, t.Y0),
        };
    }

    private static JsonObject Feature(string id, SyntheticTile tile, JsonObject properties, JsonObject assets, string apiRoot, string[] extensions)
    {
        var ring = new JsonArray(Footprint(tile).Select(p => (JsonNode)new JsonArray(p.Lon, p.Lat)).ToArray());
        var lons = Footprint(tile).Select(p => p.Lon).ToArray();
        var lats = Footprint(tile).Select(p => p.Lat).ToArray();
        return new JsonObject
        {
            ["type"] = "Feature",
            ["stac_version"] = "1.0.0",
            ["stac_extensions"] = new JsonArray(extensions.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()),
            ["id"] = id,
            ["collection"] = "sentinel-2-l2a",
            ["bbox"] = new JsonArray(lons.Min(), lats.Min(), lons.Max(), lats.Max()),
            ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) },
            ["properties"] = properties,
            ["links"] = new JsonArray(
                new JsonObject { ["rel"] = "collection", ["type"] = "application/json", ["href"] = $"{apiRoot}/collections/sentinel-2-l2a" },
                new JsonObject { ["rel"] = "self", ["type"] = "application/geo+json", ["href"] = $"{apiRoot}/collections/sentinel-2-l2a/items/{id}" }),
            ["assets"] = assets,
        };
    }

    private static string Short(string platform) => "S2" + platform[^1..].ToUpperInvariant();

    private static string BaselineCode(string baseline) => baseline.Replace(".", string.Empty, StringComparison.Ordinal).PadLeft(4, '0');
}
