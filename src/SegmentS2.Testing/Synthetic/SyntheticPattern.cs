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
    /// class 1..11 in 8-pixel blocks, and for reflectance bands 1001..10000 varying with every
    /// column and row and differing between bands and tiles.
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
        long v = (col * 37L) + (row * 101L) + (b * 997L) + (tileSalt * 7919L) + ((col * row) % 17);
        return (ushort)(1001 + v % 9000);
    }

    private static int BandNumber(string band) => band switch
    {
        "B8A" => 13,
        _ when band.Length == 3 && band[0] == 'B' && int.TryParse(band.AsSpan(1), out int n) => n,
        _ => 99,
    };
}
