namespace SegmentS2.Sam.Caching;

/// <summary>
/// Least-recently-used embeddings of one encoder, keyed by chip content hash, bounded by a byte
/// budget. An embedding larger than the whole budget is not kept. Thread-safe.
/// </summary>
internal sealed class EmbeddingMemoryCache(long budgetBytes)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<SamEmbedding>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<SamEmbedding> recency = new();
    private long bytes;

    /// <summary>Bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (gate)
            {
                return bytes;
            }
        }
    }

    /// <summary>Embeddings held now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public bool TryGet(string contentHash, out SamEmbedding embedding)
    {
        lock (gate)
        {
            if (entries.TryGetValue(contentHash, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                embedding = node.Value;
                return true;
            }
        }

        embedding = null!;
        return false;
    }

    public void Add(SamEmbedding embedding)
    {
        var size = embedding.SizeInBytes;
        lock (gate)
        {
            if (entries.Remove(embedding.ContentHash, out var existing))
            {
                recency.Remove(existing);
                bytes -= existing.Value.SizeInBytes;
            }

            if (size > budgetBytes)
            {
                return;
            }

            while (bytes + size > budgetBytes && recency.Last is { } oldest)
            {
                recency.RemoveLast();
                entries.Remove(oldest.Value.ContentHash);
                bytes -= oldest.Value.SizeInBytes;
            }

            entries[embedding.ContentHash] = recency.AddFirst(embedding);
            bytes += size;
        }
    }
}
