using System.Buffers;
using System.Security.Cryptography;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;

namespace SegmentS2.Cli.Commands;

/// <summary>SHA-256 of each band's pixels in a window: row-major, little-endian, the band's native type.</summary>
public static class BandChecksums
{
    /// <summary>Most bytes held at once while hashing.</summary>
    public const int BufferBytes = 64 << 20;

    /// <summary>Hashes every band of <paramref name="window"/>, reading it in row bands of whole blocks.</summary>
    public static async Task<string[]> ComputeAsync(GeoTiffImage image, PixelWindow window, CancellationToken cancellationToken)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Band checksums are defined on little-endian samples; this machine is big-endian.");
        }

        if (!window.IsInside(image.Width, image.Height) || window.IsEmpty)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"The window {window} is not a non-empty window inside the {image.Width} x {image.Height} image.");
        }

        int bands = image.BandCount, bps = image.DataType.SizeInBytes();
        var hashes = new IncrementalHash[bands];
        for (int b = 0; b < bands; b++)
        {
            hashes[b] = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        try
        {
            long rowBytes = (long)window.Width * bands * bps;
            if (rowBytes <= BufferBytes)
            {
                await HashByRowsAsync(image, window, hashes, rowBytes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await HashByPiecesAsync(image, window, hashes, cancellationToken).ConfigureAwait(false);
            }

            return Array.ConvertAll(hashes, h => Convert.ToHexStringLower(h.GetHashAndReset()));
        }
        finally
        {
            foreach (IncrementalHash h in hashes)
            {
                h.Dispose();
            }
        }
    }

    /// <summary>Whole rows of all bands at a time, in multiples of the block height so blocks decode once.</summary>
    private static async Task HashByRowsAsync(GeoTiffImage image, PixelWindow window, IncrementalHash[] hashes, long rowBytes, CancellationToken ct)
    {
        int rows = (int)Math.Clamp(BufferBytes / rowBytes, 1, window.Height);
        if (rows > image.BlockHeight)
        {
            rows -= rows % image.BlockHeight;
        }

        int[] allBands = Enumerable.Range(0, hashes.Length).ToArray();
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)(rowBytes * rows));
        try
        {
            for (int row = window.Row; row < window.RowEnd; row += rows)
            {
                var part = new PixelWindow(window.Col, row, window.Width, Math.Min(rows, window.RowEnd - row));
                int planeBytes = (int)(part.PixelCount * (rowBytes / window.Width / hashes.Length));
                await image.ReadWindowAsync(allBands, part, buffer, ct).ConfigureAwait(false);
                for (int b = 0; b < hashes.Length; b++)
                {
                    hashes[b].AppendData(buffer, b * planeBytes, planeBytes);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>For rows too wide to hold: one row of one band at a time, in column pieces.</summary>
    private static async Task HashByPiecesAsync(GeoTiffImage image, PixelWindow window, IncrementalHash[] hashes, CancellationToken ct)
    {
        int bps = image.DataType.SizeInBytes();
        int columns = BufferBytes / bps;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            for (int row = window.Row; row < window.RowEnd; row++)
            {
                for (int b = 0; b < hashes.Length; b++)
                {
                    for (int col = window.Col; col < window.ColEnd; col += columns)
                    {
                        var part = new PixelWindow(col, row, Math.Min(columns, window.ColEnd - col), 1);
                        await image.ReadWindowAsync(b, part, buffer, ct).ConfigureAwait(false);
                        hashes[b].AppendData(buffer, 0, part.Width * bps);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
