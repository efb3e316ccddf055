using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Testing.Synthetic;

/// <summary>
/// The known pixel values of synthetic scenes: a deterministic function of (band, tile, column, row)
/// at the band's native resolution, with a nodata (0) border. Tests compute expected pixels from
/// this function, never from files read back.
/// </summary>
public static class SyntheticPattern
{
    /// <summary>
    /// The DN of a band pixel: 0 within <paramref name="border"/> pixels of the edge; else for SCL a
    /// class 1..11 in 8-pixel blocks, and for reflectance bands 1001..10000: a ramp over columns and
    /// rows plus hash noise, differing between bands and tiles.
    /// </summary>
    /// <param name="band">Band id (B04, SCL...).</param>
    /// <param name="tileSalt">Per-tile number, so neighbouring tiles differ.</param>
    /// <param name="col">Column in the band's file.</param>
    /// <param name="row">Row in the band's file.</param>
    /// <param name="width">File width.</param>
    /// <param name="height">File height.</param>
    /// <param name="border">Nodata border width, in file pixels.</param>
    public static ushort Value(string band, int tileSalt, int col, int row, int width, int height, int border)
    {
        if (col < border || row < border || col >= width - border || row >= height - border)
        {
            return 0;
        }

        if (S2Bands.IsClassBand(band))
        {
            return (ushort)(1 + ((col / 8) * 3 + (row / 8) * 5 + tileSalt) % 11);
        }

        int b = BandNumber(band);
        long ramp = ((col * 37L) + (row * 101L) + (b * 997L) + (tileSalt * 7919L)) % 8000;
        return (ushort)(1001 + ramp + Noise(col, row, b, tileSalt) % 1000);
    }

    // A hash, so tiles compress about as badly as real imagery (roughly a byte per pixel), not to nothing.
    private static uint Noise(int col, int row, int band, int salt)
    {
        uint h = (uint)col * 0x9E3779B1u ^ (uint)row * 0x85EBCA77u ^ (uint)band * 0xC2B2AE3Du ^ (uint)salt * 0x27D4EB2Fu;
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        h *= 0x297A2D39u;
        return h ^ (h >> 15);
    }

    private static int BandNumber(string band) => band switch
    {
        "B8A" => 13,
        _ when band.Length == 3 && band[0] == 'B' && int.TryParse(band.AsSpan(1), out int n) => n,
        _ => 99,
    };
}
