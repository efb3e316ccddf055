namespace SegmentS2.Pipeline;

/// <summary>Why the <see cref="ChipRunner"/> did not encode a chip.</summary>
internal enum ChipSkipReason
{
    /// <summary>No prompt needs the chip (or every prompt in it is already done); it was not read.</summary>
    NoWork,

    /// <summary>Every image-band pixel of the chip is nodata (0); it was read but not encoded.</summary>
    Nodata,
}
