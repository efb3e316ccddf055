using SegmentS2.Raster;
using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Sentinel2.Clouds;

/// <summary>
/// Cloud masking from the scene classification layer (SCL): cloud shadow (3), cloud medium (8) and
/// high (9) probability and thin cirrus (10) count as cloud; 0 is nodata and counts for nothing.
/// </summary>
public static class S2CloudMask
{
    /// <summary>True when an SCL class is cloud, cloud shadow or cirrus.</summary>
    public static bool IsCloud(int scl) =>
        scl is (int)SclClass.CloudShadow or (int)SclClass.CloudMediumProbability
            or (int)SclClass.CloudHighProbability or (int)SclClass.ThinCirrus;

    /// <summary>Counts valid and cloudy pixels of SCL values (as read, one value per pixel).</summary>
    public static S2CloudStats Count(ReadOnlySpan<float> scl)
    {
        long valid = 0, cloudy = 0;
        foreach (float v in scl)
        {
            int c = (int)v;
            if (c == 0)
            {
                continue;
            }

            valid++;
            if (IsCloud(c))
            {
                cloudy++;
            }
        }

        return new S2CloudStats(valid, cloudy);
    }

    /// <summary>Writes the per-pixel mask of SCL values and returns the counts.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static S2CloudStats Build(ReadOnlySpan<float> scl, Span<byte> mask)
    {
        if (mask.Length != scl.Length)
        {
            throw new ArgumentException($"The mask holds {mask.Length} pixels but the SCL values {scl.Length}.", nameof(mask));
        }

        long valid = 0, cloudy = 0;
        for (int i = 0; i < scl.Length; i++)
        {
            int c = (int)scl[i];
            if (c == 0)
            {
                mask[i] = (byte)S2PixelMask.NoData;
                continue;
            }

            valid++;
            bool cloud = IsCloud(c);
            cloudy += cloud ? 1 : 0;
            mask[i] = (byte)(cloud ? S2PixelMask.Cloud : S2PixelMask.Clear);
        }

        return new S2CloudStats(valid, cloudy);
    }

    /// <summary>
    /// Reads the SCL band of an opened scene over a window and counts its valid and cloudy pixels.
    /// The scene must have been opened with SCL among its bands.
    /// </summary>
    /// <exception cref="MissingBandException">The raster was opened without SCL.</exception>
    public static async Task<S2CloudStats> MeasureAsync(IS2SceneRaster raster, PixelWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raster);
        int sclIndex = -1;
        for (int i = 0; i < raster.Bands.Count; i++)
        {
            if (S2Bands.IsClassBand(raster.Bands[i].Name))
            {
                sclIndex = i;
                break;
            }
        }

        if (sclIndex < 0)
        {
            throw new MissingBandException(raster.Scene.Id, S2Bands.Scl, raster.Bands.Select(b => b.Name));
        }

        long pixels = window.PixelCount;
        var buffer = new float[checked(pixels * raster.Bands.Count)];
        await raster.ReadAsync(window, buffer, cancellationToken).ConfigureAwait(false);
        return Count(buffer.AsSpan((int)(sclIndex * pixels), (int)pixels));
    }
}
