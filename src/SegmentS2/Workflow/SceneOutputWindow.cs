using NetTopologySuite.Geometries;
using SegmentS2.Raster;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Workflow;

/// <summary>
/// The window a scene's outputs cover, in the raster's pixels, and the masks cut to it: the chip window (the ROI window
/// grown to at least one chip), or with <see cref="SegmentS2Options.ClipToRoi"/> the ROI's own window (every pixel its
/// envelope touches).
/// </summary>
internal readonly record struct SceneOutputWindow(PixelWindow Window, byte[] Masks)
{
    public static SceneOutputWindow Create(bool clipToRoi, IS2SceneRaster raster, Geometry roiInRaster, PixelWindow chipWindow, byte[] masks, int groups)
    {
        if (!clipToRoi)
        {
            return new SceneOutputWindow(chipWindow, masks);
        }

        var own = S2RoiWindow.Of(roiInRaster.EnvelopeInternal, raster.GeoTransform, raster.Width, raster.Height).Intersect(chipWindow);
        if (own.IsEmpty || own == chipWindow)
        {
            return new SceneOutputWindow(chipWindow, masks);
        }

        int fromPlane = chipWindow.Width * chipWindow.Height, toPlane = own.Width * own.Height;
        var cut = new byte[checked((long)groups * toPlane)];
        int dx = own.Col - chipWindow.Col, dy = own.Row - chipWindow.Row;
        for (int g = 0; g < groups; g++)
        {
            for (int r = 0; r < own.Height; r++)
            {
                masks.AsSpan(g * fromPlane + (dy + r) * chipWindow.Width + dx, own.Width).CopyTo(cut.AsSpan(g * toPlane + r * own.Width, own.Width));
            }
        }

        return new SceneOutputWindow(own, cut);
    }
}
