using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SegmentS2.GeoTiff.Compression.Deflate;

/// <summary>The Adler-32 checksum that ends every zlib stream (RFC 1950), with an AVX2 path.</summary>
internal static class Adler32
{
    private const uint Modulus = 65521;

    // Largest n such that 255 n (n + 1) / 2 + (n + 1) (Modulus - 1) fits in 32 bits: sums stay exact between reductions.
    private const int MaxBlock = 5552;

    /// <summary>Adler-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        if (Avx2.IsSupported && data.Length >= 64)
        {
            ComputeAvx2(ref data, ref a, ref b);
        }

        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, MaxBlock);
            foreach (byte x in data[..n])
            {
                a += x;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[n..];
        }

        return (b << 16) | a;
    }

    /// <summary>Consumes whole 32-byte chunks: b gains 32 a plus the weighted bytes, a gains the bytes.</summary>
    private static void ComputeAvx2(ref ReadOnlySpan<byte> data, ref uint a, ref uint b)
    {
        Vector256<sbyte> weights = Vector256.Create(
            (sbyte)32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
        Vector256<short> ones = Vector256<short>.One;
        ref byte start = ref MemoryMarshal.GetReference(data);
        int chunks = data.Length / 32;
        int done = 0;
        while (done < chunks)
        {
            // Chunks per reduction: 32 n bytes must stay within MaxBlock.
            int n = Math.Min(chunks - done, MaxBlock / 32);
            Vector256<uint> sumA = Vector256<uint>.Zero;         // byte sums per 8-byte lane group
            Vector256<uint> sumPrevA = Vector256<uint>.Zero;     // running a before each chunk, for 32 a per chunk
            Vector256<uint> sumWeighted = Vector256<uint>.Zero;
            for (int i = 0; i < n; i++)
            {
                Vector256<byte> bytes = Unsafe.ReadUnaligned<Vector256<byte>>(ref Unsafe.Add(ref start, (done + i) * 32));
                sumPrevA += sumA;
                sumA += Avx2.SumAbsoluteDifferences(bytes, Vector256<byte>.Zero).AsUInt32();
                sumWeighted += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(bytes, weights), ones).AsUInt32();
            }

            uint chunkBytes = Vector256.Sum(sumA);
            uint weighted = Vector256.Sum(sumWeighted);
            uint prev = Vector256.Sum(sumPrevA);
            b = (uint)((b + (ulong)a * (uint)(32 * n) + 32UL * prev + weighted) % Modulus);
            a = (a + chunkBytes) % Modulus;
            done += n;
        }

        data = data[(chunks * 32)..];
    }
}
