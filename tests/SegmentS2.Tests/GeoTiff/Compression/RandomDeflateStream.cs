namespace SegmentS2.Tests.GeoTiff.Compression;

/// <summary>
/// Generates random valid zlib streams together with what they decode to, reaching corners that
/// real encoders avoid: 15-bit codes (decoder subtables), single-code and empty distance trees,
/// every length code including 284 with all extra bits set (258), distances up to 32768, repeat
/// codes spanning the literal/length and distance code lengths, empty stored blocks, and random
/// window sizes in the header.
/// </summary>
internal static class RandomDeflateStream
{
    private static readonly int[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly int[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly int[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];

    /// <summary>A random stream decoding to at least <paramref name="minLength"/> bytes (fewer only when that is 0).</summary>
    public static (byte[] Zlib, byte[] Decoded) Generate(Random random, int minLength)
    {
        var writer = new DeflateBitWriter();
        var decoded = new List<byte>();
        bool final;
        do
        {
            final = decoded.Count >= minLength && random.Next(3) == 0;
            int kind = random.Next(20);
            if (kind < 3)
            {
                var data = new byte[random.Next(4) == 0 ? 0 : random.Next(1, 3000)];
                FillData(random, data);
                writer.StoredBlock(final, data);
                decoded.AddRange(data);
            }
            else if (kind < 8)
            {
                writer.BlockHeader(final, 1);
                (int, int)[] litLen = DeflateBitWriter.CanonicalCodes(FixedLengths(288, s => s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8));
                (int, int)[] dist = DeflateBitWriter.CanonicalCodes(FixedLengths(30, _ => 5));
                WriteSymbols(random, writer, decoded, litLen, dist);
            }
            else
            {
                writer.BlockHeader(final, 2);
                (byte[] litLenLengths, byte[] distLengths) = RandomCodeLengths(random);
                WriteDynamicHeader(random, writer, litLenLengths, distLengths);
                WriteSymbols(random, writer, decoded, DeflateBitWriter.CanonicalCodes(litLenLengths), DeflateBitWriter.CanonicalCodes(distLengths));
            }
        }
        while (!final);

        // Any window size: decoders (zlib included) do not hold distances to it.
        int cmf = (random.Next(8) << 4) | 8;
        int flg = random.Next(4) << 6;
        flg |= 31 - (((cmf << 8) | flg) % 31);
        byte[] output = [.. decoded];
        return (DeflateBitWriter.Zlib(writer.AlignToByte().ToArray(), output, (byte)cmf, (byte)flg), output);
    }

    /// <summary>
    /// Writes the dynamic-block header for these code lengths: the lengths run-length coded with a random
    /// mix of the repeat codes 16, 17 and 18, under a random complete code-length code.
    /// </summary>
    private static void WriteDynamicHeader(Random random, DeflateBitWriter writer, byte[] litLenLengths, byte[] distLengths)
    {
        byte[] all = [.. litLenLengths, .. distLengths];
        var ops = new List<(int Symbol, int Extra)>();
        for (int i = 0; i < all.Length;)
        {
            int run = 1;
            while (i + run < all.Length && all[i + run] == all[i])
            {
                run++;
            }

            int take;
            if (all[i] == 0 && run >= 11 && random.Next(3) != 0)
            {
                take = random.Next(11, Math.Min(run, 138) + 1);
                ops.Add((18, take - 11));
            }
            else if (all[i] == 0 && run >= 3 && random.Next(3) != 0)
            {
                take = random.Next(3, Math.Min(run, 10) + 1);
                ops.Add((17, take - 3));
            }
            else if (i > 0 && all[i - 1] == all[i] && run >= 3 && random.Next(3) != 0)
            {
                take = random.Next(3, Math.Min(run, 6) + 1);
                ops.Add((16, take - 3));
            }
            else
            {
                take = 1;
                ops.Add((all[i], 0));
            }

            i += take;
        }

        var used = ops.Select(o => o.Symbol).Distinct().ToList();
        if (used.Count == 1)
        {
            used.Add(used[0] == 0 ? 1 : 0); // a complete code needs two symbols
        }

        var precodeLengths = new byte[19];
        byte[] lengths = RandomCompleteLengths(random, used.Count, 7);
        for (int i = 0; i < used.Count; i++)
        {
            precodeLengths[used[i]] = lengths[i];
        }

        int precodeCount = 19;
        while (precodeCount > 4 && precodeLengths[DeflateBitWriter.PrecodeOrder[precodeCount - 1]] == 0 && random.Next(4) != 0)
        {
            precodeCount--;
        }

        writer.DynamicHeader(litLenLengths.Length, distLengths.Length, ops, precodeLengths, precodeCount);
    }

    /// <summary>
    /// Lengths (1 to <paramref name="maxLength"/>) of a random complete prefix code with <paramref name="count"/>
    /// (at least 2) codes, made by splitting random leaves, often the deepest, so long codes are common.
    /// </summary>
    public static byte[] RandomCompleteLengths(Random random, int count, int maxLength)
    {
        var leaves = new List<int> { 1, 1 };
        while (leaves.Count < count)
        {
            int pick = random.Next(2) == 0 ? leaves.IndexOf(leaves.Where(d => d < maxLength).Max()) : random.Next(leaves.Count);
            if (leaves[pick] >= maxLength)
            {
                continue;
            }

            int depth = leaves[pick] + 1;
            leaves[pick] = depth;
            leaves.Add(depth);
        }

        // Shuffle so the long codes land on random symbols.
        return leaves.OrderBy(_ => random.Next()).Select(d => (byte)d).ToArray();
    }

    private static (byte[] LitLen, byte[] Dist) RandomCodeLengths(Random random)
    {
        var litLen = new byte[random.Next(257, 287)];
        var dist = new byte[random.Next(1, 31)];
        List<int> litLenSymbols = random.Next(10) switch
        {
            0 => [256], // end-of-block alone: a single one-bit code, allowed incomplete
            1 => [256, .. Enumerable.Range(0, 256).Where(_ => random.Next(60) == 0)], // literals only, few
            < 5 => [256, .. Enumerable.Range(0, litLen.Length).Where(s => s != 256 && random.Next(4) == 0)],
            _ => [.. Enumerable.Range(0, litLen.Length)],
        };
        if (litLenSymbols.Count == 1)
        {
            litLen[256] = 1;
        }
        else
        {
            Assign(litLen, litLenSymbols, RandomCompleteLengths(random, litLenSymbols.Count, 15));
        }

        switch (random.Next(8))
        {
            case 0:
                break; // no distance codes: the block may hold literals only
            case 1:
                dist[random.Next(dist.Length)] = 1; // one distance code of one bit, allowed incomplete
                break;
            default:
                if (dist.Length >= 2)
                {
                    List<int> symbols = [.. Enumerable.Range(0, dist.Length).Where(_ => random.Next(3) != 0)];
                    while (symbols.Count < 2)
                    {
                        symbols = [.. symbols.Append(random.Next(dist.Length)).Distinct()];
                    }

                    Assign(dist, symbols, RandomCompleteLengths(random, symbols.Count, 15));
                }
                else
                {
                    dist[0] = 1;
                }

                break;
        }

        return (litLen, dist);
    }

    private static void Assign(byte[] lengths, List<int> symbols, byte[] codeLengths)
    {
        for (int i = 0; i < symbols.Count; i++)
        {
            lengths[symbols[i]] = codeLengths[i];
        }
    }

    /// <summary>Random literals and matches drawn from the symbols that have codes, then end-of-block.</summary>
    private static void WriteSymbols(Random random, DeflateBitWriter writer, List<byte> decoded, (int Code, int Length)[] litLen, (int Code, int Length)[] dist)
    {
        int[] literals = [.. Enumerable.Range(0, 256).Where(s => litLen[s].Length > 0)];
        int[] lengthSymbols = [.. Enumerable.Range(257, Math.Min(litLen.Length, 286) - 257).Where(s => litLen[s].Length > 0)];
        int[] distSymbols = [.. Enumerable.Range(0, Math.Min(dist.Length, 30)).Where(s => dist[s].Length > 0)];
        int symbols = random.Next(4) == 0 ? random.Next(10) : random.Next(100, 3000);
        bool longMatches = random.Next(3) == 0;
        for (int i = 0; i < symbols; i++)
        {
            int[] reachable = [.. distSymbols.Where(s => DistanceBase[s] <= decoded.Count)];
            bool match = lengthSymbols.Length > 0 && reachable.Length > 0 && (literals.Length == 0 || random.Next(3) != 0);
            if (!match)
            {
                if (literals.Length == 0)
                {
                    break;
                }

                int literal = literals[random.Next(literals.Length)];
                writer.Symbol(litLen, literal);
                decoded.Add((byte)literal);
                continue;
            }

            int lengthSymbol = longMatches && random.Next(2) == 0 ? lengthSymbols[^1] : lengthSymbols[random.Next(lengthSymbols.Length)];
            int lengthExtraBits = LengthExtra[lengthSymbol - 257];
            int lengthExtra = random.Next(1 << lengthExtraBits); // 284 with 31 gives 258, which zlib accepts
            int length = LengthBase[lengthSymbol - 257] + lengthExtra;

            int distSymbol = random.Next(4) == 0 ? reachable[^1] : reachable[random.Next(reachable.Length)];
            int distExtraBits = Math.Max(0, (distSymbol / 2) - 1);
            int maxExtra = Math.Min((1 << distExtraBits) - 1, decoded.Count - DistanceBase[distSymbol]);
            int distExtra = random.Next(2) == 0 ? maxExtra : random.Next(maxExtra + 1);
            int distance = DistanceBase[distSymbol] + distExtra;

            writer.Symbol(litLen, lengthSymbol).Bits(lengthExtra, lengthExtraBits);
            writer.Symbol(dist, distSymbol).Bits(distExtra, distExtraBits);
            for (int k = 0; k < length; k++)
            {
                decoded.Add(decoded[decoded.Count - distance]);
            }
        }

        writer.Symbol(litLen, 256);
    }

    private static byte[] FixedLengths(int count, Func<int, int> length) => [.. Enumerable.Range(0, count).Select(s => (byte)length(s))];

    private static void FillData(Random random, byte[] data)
    {
        if (random.Next(2) == 0)
        {
            random.NextBytes(data);
        }
        else
        {
            data.AsSpan().Fill((byte)random.Next(256));
        }
    }
}
