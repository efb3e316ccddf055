using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SegmentS2.Sam.Caching;

/// <summary>
/// Finds or produces a chip's embedding: memory LRU first, then the optional disk cache, then the
/// encoder. Concurrent requests for one chip share a single production (single flight), so the
/// encoder runs once however many callers ask at the same time.
/// </summary>
internal sealed class EmbeddingCache(EmbeddingMemoryCache memory, EmbeddingDiskCache? disk, ILogger logger)
{
    private readonly ConcurrentDictionary<string, Task<SamEmbedding>> inFlight = new(StringComparer.Ordinal);

    public EmbeddingMemoryCache Memory => memory;

    /// <summary>
    /// Returns the embedding of <paramref name="input"/>. A caller that joins another caller's
    /// production may stop waiting when cancelled; the caller whose tensor feeds the encoder waits
    /// for the encoder to finish reading it, because the tensor is read in place.
    /// </summary>
    public async ValueTask<SamEmbedding> GetOrCreateAsync(SamEncoderInput input, Func<SamEncoderInput, SamEmbedding> encode, CancellationToken cancellationToken)
    {
        if (TryGetFromMemory(input, out var cached))
        {
            return cached;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var flight = new TaskCompletionSource<SamEmbedding>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = inFlight.GetOrAdd(input.ContentHash, flight.Task);
        if (running != flight.Task)
        {
            var shared = await running.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (shared.ChipHeight == input.Height && shared.ChipWidth == input.Width)
            {
                return shared;
            }

            // Same hash, different chip size: the hash does not describe this chip; encode it on its own.
            return await Task.Run(() => encode(input), CancellationToken.None).ConfigureAwait(false);
        }

        try
        {
            var produced = await ProduceAsync(input, encode).ConfigureAwait(false);
            flight.SetResult(produced);
            return produced;
        }
        catch (Exception e)
        {
            flight.SetException(e);
            _ = flight.Task.Exception; // observed: joiners rethrow it, nobody else needs to
            throw;
        }
        finally
        {
            inFlight.TryRemove(new KeyValuePair<string, Task<SamEmbedding>>(input.ContentHash, flight.Task));
        }
    }

    private async Task<SamEmbedding> ProduceAsync(SamEncoderInput input, Func<SamEncoderInput, SamEmbedding> encode)
    {
        // A production that finished between our memory check and our registration left its result here.
        if (TryGetFromMemory(input, out var cached))
        {
            return cached;
        }

        if (disk is not null)
        {
            var stored = await disk.TryReadAsync(input, CancellationToken.None).ConfigureAwait(false);
            if (stored is not null)
            {
                logger.LogDebug("Embedding of chip {ContentHash} read from the disk cache", input.ContentHash);
                memory.Add(stored);
                return stored;
            }
        }

        var embedding = await Task.Run(() => encode(input), CancellationToken.None).ConfigureAwait(false);
        memory.Add(embedding);
        if (disk is not null)
        {
            await disk.WriteAsync(embedding, CancellationToken.None).ConfigureAwait(false);
        }

        return embedding;
    }

    private bool TryGetFromMemory(SamEncoderInput input, out SamEmbedding embedding) =>
        memory.TryGet(input.ContentHash, out embedding) && embedding.ChipHeight == input.Height && embedding.ChipWidth == input.Width;
}
