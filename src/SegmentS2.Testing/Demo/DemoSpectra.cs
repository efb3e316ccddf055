using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Testing.Demo;

/// <summary>
/// The demo scene's other spectral bands (B01, B05, B06, B07, B8A, B09, B11, B12), so that it has every band a Level-2A
/// product has. Each is a fixed linear mix of the generated blue, green, red and NIR reflectances (plausible shapes, a red
/// edge rising from red to NIR, not a physical model), sampled at the band's native resolution (20 m or 60 m) from the
/// 10 m pixel at the centre of each coarse pixel. Nodata stays nodata.
/// </summary>
public static class DemoSpectra
{
    /// <summary>The bands derived here, in spectral order.</summary>
    public static IReadOnlyList<string> Bands { get; } = ["B01", "B05", "B06", "B07", "B8A", "B09", "B11", "B12"];

    // Weights of (B02, B03, B04, B08) reflectance per derived band.
    private static readonly Dictionary<string, double[]> Mix = new(StringComparer.Ordinal)
    {
        ["B01"] = [1.05, 0, 0, 0],
        ["B05"] = [0, 0, 0.7, 0.3],
        ["B06"] = [0, 0, 0.3, 0.7],
        ["B07"] = [0, 0, 0.1, 0.9],
        ["B8A"] = [0, 0, 0, 1.03],
        ["B09"] = [0, 0, 0, 0.35],
        ["B11"] = [0, 0.2, 0.6, 0.3],
        ["B12"] = [0, 0, 0.9, 0.1],
    };

    /// <summary>Width and height of <paramref name="band"/>'s grid for a scene of <paramref name="size"/> 10 m pixels.</summary>
    public static int SizeOf(string band, int size) => (size + Factor(band) - 1) / Factor(band);

    /// <summary>The DNs (baseline 04.00: reflectance x 10000 + 1000; 0 nodata) of a derived band at its native resolution.</summary>
    public static ushort[] DigitalNumbers(DemoScene scene, string band)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var weights = Mix[band];
        int factor = Factor(band), size = scene.Size, coarse = SizeOf(band, size), plane = size * size;
        var dn = scene.DigitalNumbers;
        var result = new ushort[coarse * coarse];
        for (int y = 0; y < coarse; y++)
        {
            for (int x = 0; x < coarse; x++)
            {
                int sx = Math.Min(size - 1, x * factor + factor / 2), sy = Math.Min(size - 1, y * factor + factor / 2);
                int i = sy * size + sx;
                if (dn[i] == 0)
                {
                    continue;
                }

                double reflectance = 0;
                for (int b = 0; b < weights.Length; b++)
                {
                    reflectance += weights[b] * (dn[b * plane + i] - 1000) / 10000.0;
                }

                result[y * coarse + x] = (ushort)Math.Round(Math.Clamp(reflectance * 10000 + 1000, 1, 65535));
            }
        }

        return result;
    }

    private static int Factor(string band) => S2Bands.NativeResolutionOf(band) / 10;
}
