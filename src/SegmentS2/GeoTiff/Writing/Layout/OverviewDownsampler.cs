using System.Numerics;
using System.Runtime.InteropServices;

namespace SegmentS2.GeoTiff.Writing.Layout;

/// <summary>
/// Halves a block of rows of one band: output pixel (r, c) comes from source rows 2r, 2r+1 and
/// columns 2c, 2c+1 (fewer at an odd right or bottom edge), averaged or the top-left one taken.
/// </summary>
internal static class OverviewDownsampler
{
    /// <summary>
    /// Downsamples <paramref name="sourceRows"/> rows of <paramref name="sourceWidth"/> samples into
    /// ceil(rows / 2) rows of ceil(width / 2) samples.
    /// </summary>
    public static void Downsample<T>(
        ReadOnlySpan<T> source, int sourceWidth, int sourceRows, Span<T> destination,
        GeoTiffOverviewResampling resampling, double? noData) where T : unmanaged
    {
        if (resampling == GeoTiffOverviewResampling.Nearest)
        {
            Nearest(source, sourceWidth, sourceRows, destination);
            return;
        }

        var t = typeof(T);
        if (t == typeof(byte)) Average(MemoryMarshal.Cast<T, byte>(source), sourceWidth, sourceRows, MemoryMarshal.Cast<T, byte>(destination), noData);
        else if (t == typeof(sbyte)) Average(MemoryMarshal.Cast<T, sbyte>(source), sourceWidth, sourceRows, MemoryMarshal.Cast<T, sbyte>(destination), noData);
        else if (t == typeof(ushort)) Average(MemoryMarshal.Cast<T, ushort>(source), sourceWidth, sourceRows, MemoryMarshal.Cast<T, ushort>(destination), noData);
        else if (t == typeof(short)) Average(MemoryMarshal.Cast<T, short>(source), sourceWidth, sourceRows, MemoryMarshal.Cast<T, short>(destination), noData);
        else if (t == typeof(uint)) Average(MemoryMarshal.Cast<T, uint>(source), sourceWidth, sourceRows, MemoryMarshal.Cast<T, uint>(destination), noData);
        else if (t == typeof(int)) Average(MemoryMarshal.Cast<T, int>(source), sourceWidth, sourceRows, MemoryMarshal.Cast<T, int>(destination), noData);
        else if (t == typeof(float)) Average(MemoryMarshal.Cast<T, float>(source), sourceWidth, sourceRows, MemoryMarshal.Cast<T, float>(destination), noData);
        else if (t == typeof(double)) Average(MemoryMarshal.Cast<T, double>(source), sourceWidth, sourceRows, MemoryMarshal.Cast<T, double>(destination), noData);
        else throw new NotSupportedException($"No averaging for {t.Name}.");
    }

    private static void Nearest<T>(ReadOnlySpan<T> source, int sourceWidth, int sourceRows, Span<T> destination)
    {
        int width = (sourceWidth + 1) / 2, rows = (sourceRows + 1) / 2;
        for (int r = 0; r < rows; r++)
        {
            var src = source.Slice(2 * r * sourceWidth, sourceWidth);
            var dst = destination.Slice(r * width, width);
            for (int c = 0; c < width; c++)
            {
                dst[c] = src[2 * c];
            }
        }
    }

    private static void Average<TN>(ReadOnlySpan<TN> source, int sourceWidth, int sourceRows, Span<TN> destination, double? noData)
        where TN : unmanaged, INumberBase<TN>
    {
        int width = (sourceWidth + 1) / 2, rows = (sourceRows + 1) / 2;
        bool isFloat = typeof(TN) == typeof(float) || typeof(TN) == typeof(double);
        bool hasNoData = noData is not null && !double.IsNaN(noData.Value);
        double nd = noData ?? 0;
        TN empty = noData is { } v ? TN.CreateTruncating(v) : TN.CreateTruncating(double.NaN);
        for (int r = 0; r < rows; r++)
        {
            var row0 = source.Slice(2 * r * sourceWidth, sourceWidth);
            var row1 = 2 * r + 1 < sourceRows ? source.Slice((2 * r + 1) * sourceWidth, sourceWidth) : row0;
            int rowCount = 2 * r + 1 < sourceRows ? 2 : 1;
            var dst = destination.Slice(r * width, width);
            for (int c = 0; c < width; c++)
            {
                int c0 = 2 * c, colCount = c0 + 1 < sourceWidth ? 2 : 1;
                double sum = 0;
                int count = 0;
                for (int dr = 0; dr < rowCount; dr++)
                {
                    var row = dr == 0 ? row0 : row1;
                    for (int dc = 0; dc < colCount; dc++)
                    {
                        double value = double.CreateTruncating(row[c0 + dc]);
                        if (double.IsNaN(value) || (hasNoData && value == nd))
                        {
                            continue;
                        }

                        sum += value;
                        count++;
                    }
                }

                if (count == 0)
                {
                    dst[c] = empty;
                }
                else if (isFloat)
                {
                    dst[c] = TN.CreateTruncating(sum / count);
                }
                else
                {
                    dst[c] = TN.CreateSaturating(Math.Round(sum / count, MidpointRounding.AwayFromZero));
                }
            }
        }
    }
}
