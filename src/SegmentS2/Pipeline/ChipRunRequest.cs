using SegmentS2.Sentinel2;

namespace SegmentS2.Pipeline;

/// <summary>One scene's chips for the <see cref="ChipRunner"/>.</summary>
/// <param name="Raster">The open scene; its first <paramref name="ImageBands"/> bands are the encoder's channels, any after them (SCL) travel to the sink.</param>
/// <param name="Chips">The chips, in the order they are read, encoded and handed to the sink.</param>
/// <param name="ImageBands">How many of the raster's bands feed the encoder (1 or 3).</param>
/// <param name="Scale">Per image band: value x scale + offset gives [0, 1].</param>
/// <param name="Offset">Per image band, see <paramref name="Scale"/>.</param>
internal sealed record ChipRunRequest(IS2SceneRaster Raster, IReadOnlyList<ChipWork> Chips, int ImageBands, float[] Scale, float[] Offset)
{
    /// <summary>Skip chips whose image bands are all nodata (0) instead of encoding them.</summary>
    public bool SkipNodataChips { get; init; } = true;

    /// <summary>
    /// Ask the models to give their working memory back after the last chip with work: the encoder after encoding it, and a
    /// sink that decodes in large batches after decoding it.
    /// </summary>
    public bool ReleaseModelMemoryAfterLast { get; init; }
}
