using System.Runtime.CompilerServices;

namespace SegmentS2.GeoTiff.Ifd;

/// <summary>Up to 8 bytes held by value: the value field of an IFD entry.</summary>
[InlineArray(8)]
internal struct InlineBytes
{
    private byte _element0;
}
