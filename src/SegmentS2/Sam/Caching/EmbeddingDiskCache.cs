using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SegmentS2.Sam.Caching;

/// <summary>
/// Embeddings of one encoder kept as files, one per chip: <c>{model hash}-{content hash}.s2emb</c>.
/// Files are written to a temporary name and moved into place, so readers never see half a file;
/// a file that fails any check (size, header, shape, hashes, SHA-256 checksum) is deleted and
/// reported as a miss, so the embedding is simply recomputed.
/// </summary>
/// <remarks>
/// Layout, little-endian: magic <c>S2SAMEMB</c>, int32 version, int32 chip height, int32 chip width,
/// int32 rank, int32 dimensions, int32 length + ASCII model hash, int32 length + ASCII content hash,
/// int64 value count, float32 values, then the SHA-256 of everything before it.
/// </remarks>
internal sealed class EmbeddingDiskCache
{
    private const int Version = 1;
    private const int ChecksumLength = 32;
    private static ReadOnlySpan<byte> Magic => "S2SAMEMB"u8;

    private readonly string directory;
    private readonly string modelHash;
    private readonly int[] shape;
    private readonly IReadOnlyList<int> shapeView;
    private readonly long valueCount;
    private readonly ILogger logger;

    public EmbeddingDiskCache(string directory, string modelHash, int[] shape, ILogger logger)
    {
        this.directory = Path.GetFullPath(directory);
        this.modelHash = modelHash;
        this.shape = shape;
        shapeView = Array.AsReadOnly(shape);
        this.logger = logger;
        valueCount = shape.Aggregate(1L, (product, d) => product * d);
        Directory.CreateDirectory(this.directory);
    }

    /// <summary>False on big-endian machines, where the file format is not supported.</summary>
    public static bool IsSupported => BitConverter.IsLittleEndian;

    public string PathFor(string contentHash) => Path.Combine(directory, $"{modelHash}-{contentHash}.s2emb");

    /// <summary>Reads a chip's embedding; null when there is no valid file for it.</summary>
    public async Task<SamEmbedding?> TryReadAsync(SamEncoderInput input, CancellationToken cancellationToken)
    {
        var path = PathFor(input.ContentHash);
        var expectedLength = (int)FileLength(input.ContentHash);
        var buffer = ArrayPool<byte>.Shared.Rent(expectedLength);
        try
        {
            var bytes = buffer.AsMemory(0, expectedLength);
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
                var length = RandomAccess.GetLength(handle);
                if (length != expectedLength)
                {
                    handle.Dispose();
                    Discard(path, $"it is {length} bytes, expected {expectedLength}");
                    return null;
                }

                var read = 0;
                while (read < expectedLength)
                {
                    var n = await RandomAccess.ReadAsync(handle, bytes[read..], read, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                if (read != expectedLength)
                {
                    handle.Dispose();
                    Discard(path, "it changed while being read");
                    return null;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not read cached embedding {Path}; recomputing it", path);
                return null;
            }

            var problem = Check(bytes.Span, input);
            if (problem is not null)
            {
                Discard(path, problem);
                return null;
            }

            var payload = (int)(valueCount * sizeof(float));
            var values = new float[valueCount];
            MemoryMarshal.Cast<byte, float>(bytes.Span.Slice(expectedLength - ChecksumLength - payload, payload)).CopyTo(values);
            return new SamEmbedding(values, shapeView, input.ContentHash, input.Height, input.Width, modelHash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes an embedding; failures are logged, never thrown (the cache is an optimisation).</summary>
    public async Task WriteAsync(SamEmbedding embedding, CancellationToken cancellationToken)
    {
        var path = PathFor(embedding.ContentHash);
        var length = (int)FileLength(embedding.ContentHash);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Serialize(embedding, buffer.AsSpan(0, length));
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            logger.LogWarning(e, "Could not write cached embedding {Path}", path);
            TryDelete(temporary);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private long HeaderLength(string contentHash) =>
        Magic.Length + 4 + 4 + 4 + 4 + 4L * shape.Length + 4 + modelHash.Length + 4 + contentHash.Length + 8;

    private long FileLength(string contentHash) => HeaderLength(contentHash) + valueCount * sizeof(float) + ChecksumLength;

    private void Serialize(SamEmbedding embedding, Span<byte> file)
    {
        var writer = new SpanWriter(file);
        writer.Bytes(Magic);
        writer.Int32(Version);
        writer.Int32(embedding.ChipHeight);
        writer.Int32(embedding.ChipWidth);
        writer.Int32(shape.Length);
        foreach (var d in shape)
        {
            writer.Int32(d);
        }

        writer.Text(modelHash);
        writer.Text(embedding.ContentHash);
        writer.Int64(embedding.Data.Length);
        writer.Bytes(MemoryMarshal.AsBytes(embedding.Data.Span));
        SHA256.HashData(file[..writer.Position], file[writer.Position..]);
    }

    /// <summary>Returns why the file is unusable, or null when it is a valid entry for this input.</summary>
    private string? Check(ReadOnlySpan<byte> bytes, SamEncoderInput input)
    {
        var body = bytes[..^ChecksumLength];
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        SHA256.HashData(body, checksum);
        if (!checksum.SequenceEqual(bytes[body.Length..]))
        {
            return "its checksum does not match";
        }

        var reader = new SpanReader(body);
        if (!reader.Bytes(Magic.Length).SequenceEqual(Magic))
        {
            return "it is not an embedding file";
        }

        if (reader.Int32() != Version)
        {
            return "it has another format version";
        }

        var height = reader.Int32();
        var width = reader.Int32();
        if (height != input.Height || width != input.Width)
        {
            return $"it describes a {height} x {width} chip, not {input.Height} x {input.Width}";
        }

        if (reader.Int32() != shape.Length)
        {
            return "its embedding rank differs";
        }

        foreach (var d in shape)
        {
            if (reader.Int32() != d)
            {
                return "its embedding shape differs";
            }
        }

        if (reader.Text(modelHash.Length) != modelHash || reader.Text(input.ContentHash.Length) != input.ContentHash)
        {
            return "its model or content hash differs";
        }

        return reader.Int64() == valueCount ? null : "its value count differs";
    }

    private void Discard(string path, string reason)
    {
        logger.LogWarning("Ignoring cached embedding {Path}: {Reason}; recomputing it", path, reason);
        TryDelete(path);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file we cannot delete is overwritten by the next write or ignored again.
        }
    }

    private ref struct SpanWriter(Span<byte> span)
    {
        private readonly Span<byte> span = span;

        public int Position { get; private set; }

        public void Bytes(scoped ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(span[Position..]);
            Position += bytes.Length;
        }

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[Position..], value);
            Position += 4;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[Position..], value);
            Position += 8;
        }

        public void Text(string value)
        {
            Int32(value.Length);
            Position += Encoding.ASCII.GetBytes(value, span[Position..]);
        }
    }

    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private readonly ReadOnlySpan<byte> span = span;
        private int position;

        public ReadOnlySpan<byte> Bytes(int count)
        {
            var slice = span.Slice(position, count);
            position += count;
            return slice;
        }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));

        public string? Text(int expectedLength)
        {
            var length = Int32();
            return length == expectedLength ? Encoding.ASCII.GetString(Bytes(length)) : null;
        }
    }
}
