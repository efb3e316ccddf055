using SegmentS2.Sentinel2;

namespace SegmentS2.Workflow;

/// <summary>Per-channel <c>value * scale + offset</c> of the encoder input, shared by single-ROI and batch runs.</summary>
internal static class BandScaling
{
    /// <summary>
    /// The scale and offset of each of <paramref name="bandCount"/> image bands: the options' scaling with the band's
    /// BOA offset (reflectance units) folded into the DN offset.
    /// </summary>
    public static (float[] Scale, float[] Offset) For(IReadOnlyList<S2BandInfo> bands, int bandCount, SegmentS2Options options)
    {
        var scale = new float[bandCount];
        var offset = new float[bandCount];
        for (int b = 0; b < bandCount; b++)
        {
            double dnOffset = bands[b].Scale != 0 ? bands[b].Offset / bands[b].Scale : 0;
            scale[b] = (float)options.BandScaling;
            offset[b] = (float)(options.BandOffset + dnOffset * options.BandScaling);
        }

        return (scale, offset);
    }
}
