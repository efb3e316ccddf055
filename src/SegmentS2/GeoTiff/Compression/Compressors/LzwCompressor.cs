using System.Buffers;

namespace SegmentS2.GeoTiff.Compression.Compressors;

/// <summary>
/// TIFF compression 5 as libtiff writes it: MSB-first codes of 9 to 12 bits, Clear (256) first,
/// the code width growing one code early ("early change"), a Clear when the table reaches 4094,
/// and End-of-Information sized for the entry a decoder adds after the last code.
/// </summary>
internal sealed class LzwCompressor : ITileCompressor
{
    private const int ClearCode = 256;
    private const int EndOfInformation = 257;
    private const int FirstCode = 258;
    private const int MinBits = 9;
    private const int MaxCode = 4095;
    private const int HashSize = 8192;

    public TiffCompression Compression => TiffCompression.Lzw;

    public CompressedTile Compress(ReadOnlySpan<byte> source)
    {
        // Every byte emits at most one 12-bit code, plus a Clear per ~3800 codes.
        var buffer = ArrayPool<byte>.Shared.Rent(source.Length * 2 + 64);
        var keys = ArrayPool<int>.Shared.Rent(HashSize);
        var codes = ArrayPool<short>.Shared.Rent(HashSize);
        try
        {
            var writer = new BitWriter(buffer);
            var table = new CodeTable(keys, codes);
            table.Clear();
            int nbits = MinBits, maxCode = (1 << MinBits) - 1, freeCode = FirstCode;
            writer.Write(ClearCode, nbits);
            if (source.IsEmpty)
            {
                writer.Write(EndOfInformation, nbits);
                return new CompressedTile(buffer, writer.Flush());
            }

            int prefix = source[0];
            for (int i = 1; i < source.Length; i++)
            {
                int c = source[i];
                int key = (prefix << 8) | c;
                int found = table.Find(key);
                if (found >= 0)
                {
                    prefix = found;
                    continue;
                }

                writer.Write(prefix, nbits);
                prefix = c;
                table.Add(key, freeCode++);
                if (freeCode == MaxCode - 1)
                {
                    writer.Write(ClearCode, nbits);
                    table.Clear();
                    freeCode = FirstCode;
                    nbits = MinBits;
                    maxCode = (1 << MinBits) - 1;
                }
                else if (freeCode > maxCode)
                {
                    nbits++;
                    maxCode = (1 << nbits) - 1;
                }
            }

            writer.Write(prefix, nbits);
            freeCode++;
            if (freeCode == MaxCode - 1)
            {
                writer.Write(ClearCode, nbits);
                nbits = MinBits;
            }
            else if (freeCode > maxCode)
            {
                nbits++;
            }

            writer.Write(EndOfInformation, nbits);
            return new CompressedTile(buffer, writer.Flush());
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(keys);
            ArrayPool<short>.Shared.Return(codes);
        }
    }

    public void Dispose() { }

    /// <summary>Open-addressing map from (prefix code, byte) to code.</summary>
    private readonly struct CodeTable(int[] keys, short[] codes)
    {
        public void Clear() => keys.AsSpan(0, HashSize).Fill(-1);

        public int Find(int key)
        {
            for (int slot = Hash(key); ; slot = (slot + 1) & (HashSize - 1))
            {
                int k = keys[slot];
                if (k == key)
                {
                    return codes[slot];
                }

                if (k < 0)
                {
                    return -1;
                }
            }
        }

        public void Add(int key, int code)
        {
            int slot = Hash(key);
            while (keys[slot] >= 0)
            {
                slot = (slot + 1) & (HashSize - 1);
            }

            keys[slot] = key;
            codes[slot] = (short)code;
        }

        private static int Hash(int key) => (int)(((uint)key * 2654435761u) >> 19);
    }

    /// <summary>Packs codes most significant bit first.</summary>
    private ref struct BitWriter(byte[] buffer)
    {
        private int _position;
        private ulong _bits;
        private int _count;

        public void Write(int code, int nbits)
        {
            _bits = (_bits << nbits) | (uint)code;
            _count += nbits;
            while (_count >= 8)
            {
                _count -= 8;
                buffer[_position++] = (byte)(_bits >> _count);
            }
        }

        public int Flush()
        {
            if (_count > 0)
            {
                buffer[_position++] = (byte)(_bits << (8 - _count));
                _count = 0;
            }

            return _position;
        }
    }
}
