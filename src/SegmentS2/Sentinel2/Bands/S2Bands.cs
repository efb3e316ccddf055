using System.Collections.Frozen;

namespace SegmentS2.Sentinel2.Bands;

/// <summary>
/// Sentinel-2 Level-2A band names: the ids B01..B12 (no B10 in L2A), B8A and SCL, the reference
/// workflow's aliases R, G, B, N and Earth Search's asset names (red, nir08, scl...).
/// </summary>
public static class S2Bands
{
    /// <summary>Scene classification layer (20 m, classes 0..11).</summary>
    public const string Scl = "SCL";

    /// <summary>Every band id a Level-2A product has, in spectral order, SCL last.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12", Scl];

    /// <summary>The reference workflow's <c>s2_raster</c> bands: B01..B12 without B10, in order.</summary>
    public static IReadOnlyList<string> Reflectance { get; } =
        ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12"];

    /// <summary>The reference workflow's default SAM bands: R, G, B.</summary>
    public static IReadOnlyList<string> Rgb { get; } = ["B04", "B03", "B02"];

    private static readonly FrozenDictionary<string, int> NativeResolution = new Dictionary<string, int>
    {
        ["B01"] = 60,
        ["B02"] = 10,
        ["B03"] = 10,
        ["B04"] = 10,
        ["B05"] = 20,
        ["B06"] = 20,
        ["B07"] = 20,
        ["B08"] = 10,
        ["B8A"] = 20,
        ["B09"] = 60,
        ["B11"] = 20,
        ["B12"] = 20,
        [Scl] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> CommonNames = new Dictionary<string, string>
    {
        ["B01"] = "coastal",
        ["B02"] = "blue",
        ["B03"] = "green",
        ["B04"] = "red",
        ["B05"] = "rededge",
        ["B06"] = "rededge",
        ["B07"] = "rededge",
        ["B08"] = "nir",
        ["B8A"] = "nir08",
        ["B09"] = "nir09",
        ["B11"] = "swir16",
        ["B12"] = "swir22",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Names a user or a catalogue may use for a band, all upper case.
    private static readonly FrozenDictionary<string, string> Names = BuildNames();

    /// <summary>The band's native ground sampling distance in metres (10, 20 or 60).</summary>
    /// <exception cref="UnknownBandException">The name is no band.</exception>
    public static int NativeResolutionOf(string band) => NativeResolution[Resolve(band)];

    /// <summary>
    /// The band's STAC <c>eo:common_name</c> (coastal, blue, green, red, rededge, nir, nir08, nir09, swir16, swir22);
    /// null for SCL, which has none.
    /// </summary>
    /// <exception cref="UnknownBandException">The name is no band.</exception>
    public static string? CommonNameOf(string band) => CommonNames.GetValueOrDefault(Resolve(band));

    /// <summary>True when <paramref name="band"/> is the scene classification layer (a class band, never interpolated).</summary>
    public static bool IsClassBand(string band) => string.Equals(band, Scl, StringComparison.Ordinal);

    /// <summary>
    /// The band id a name stands for: ids (case-insensitive, B4 = B04), aliases R, G, B, N and
    /// Earth Search names (coastal, blue, green, red, rededge1..3, nir, nir08, nir09, swir16, swir22, scl).
    /// </summary>
    /// <exception cref="UnknownBandException">The name is no Level-2A band.</exception>
    public static string Resolve(string name)
    {
        if (TryResolve(name, out var id))
        {
            return id;
        }

        throw new UnknownBandException(name ?? "(null)");
    }

    /// <summary>Resolves a list of names (see <see cref="Resolve"/>), keeping their order.</summary>
    /// <exception cref="UnknownBandException">A name is no Level-2A band.</exception>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public static IReadOnlyList<string> ResolveAll(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var ids = names.Select(Resolve).ToArray();
        if (ids.Length == 0)
        {
            throw new ArgumentException("At least one band is needed.", nameof(names));
        }

        return ids;
    }

    /// <summary>Tries <see cref="Resolve"/> without throwing.</summary>
    public static bool TryResolve(string? name, out string id)
    {
        id = string.Empty;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        if (Names.TryGetValue(name.Trim().ToUpperInvariant(), out var found))
        {
            id = found;
            return true;
        }

        return false;
    }

    /// <summary>A sentence listing the accepted names, for error messages.</summary>
    public static string ValidNamesText =>
        $"{string.Join(", ", All)}; aliases R = B04, G = B03, B = B02, N = B08";

    private static FrozenDictionary<string, string> BuildNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in All)
        {
            names[id] = id;
        }

        for (int i = 1; i <= 12; i++)
        {
            string id = $"B{i:00}";
            if (NativeResolution.ContainsKey(id))
            {
                names[$"B{i}"] = id;
            }
        }

        names["R"] = "B04";
        names["G"] = "B03";
        names["B"] = "B02";
        names["N"] = "B08";
        string[] earthSearch = ["COASTAL:B01", "BLUE:B02", "GREEN:B03", "RED:B04", "REDEDGE1:B05", "REDEDGE2:B06",
            "REDEDGE3:B07", "NIR:B08", "NIR08:B8A", "NIR09:B09", "SWIR16:B11", "SWIR22:B12"];
        foreach (var pair in earthSearch)
        {
            var parts = pair.Split(':');
            names[parts[0]] = parts[1];
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
