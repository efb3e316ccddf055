using SegmentS2.GeoTiff.Constants;

namespace SegmentS2.GeoTiff.Ifd;

/// <summary>One parsed IFD: its entries by tag and the offset of the next IFD.</summary>
internal sealed class ImageFileDirectory
{
    private readonly Dictionary<ushort, IfdEntry> _entries;

    public ImageFileDirectory(long offset, Dictionary<ushort, IfdEntry> entries, ulong nextIfdOffset)
    {
        Offset = offset;
        _entries = entries;
        NextIfdOffset = nextIfdOffset;
    }

    /// <summary>File offset of this IFD.</summary>
    public long Offset { get; }

    /// <summary>File offset of the next IFD in the chain; 0 at the end.</summary>
    public ulong NextIfdOffset { get; }

    /// <summary>Looks up an entry.</summary>
    public bool TryGet(TiffTag tag, out IfdEntry entry) => _entries.TryGetValue((ushort)tag, out entry);

    /// <summary>True when the IFD has the tag.</summary>
    public bool Has(TiffTag tag) => _entries.ContainsKey((ushort)tag);
}
