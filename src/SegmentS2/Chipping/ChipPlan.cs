using SegmentS2.Raster;

namespace SegmentS2.Chipping;

/// <summary>The chip grid over a raster's region of interest.</summary>
public sealed class ChipPlan
{
    /// <summary>Creates a plan from the per-axis chip starts and write edges.</summary>
    public ChipPlan(PixelWindow roiWindow, int chipSize, GeoTransform roiTransform,
        IReadOnlyList<int> colStarts, IReadOnlyList<int> rowStarts,
        IReadOnlyList<int> colEdges, IReadOnlyList<int> rowEdges)
    {
        RoiWindow = roiWindow;
        ChipSize = chipSize;
        RoiTransform = roiTransform;
        ColStarts = colStarts;
        RowStarts = rowStarts;
        ColEdges = colEdges;
        RowEdges = rowEdges;
    }

    /// <summary>The ROI window in raster pixels (after growing to the chip size and clamping).</summary>
    public PixelWindow RoiWindow { get; }

    /// <summary>Chip width and height in pixels.</summary>
    public int ChipSize { get; }

    /// <summary>Geotransform of the ROI window (the output rasters' georeferencing).</summary>
    public GeoTransform RoiTransform { get; }

    /// <summary>Chip column starts, in ROI-window pixels.</summary>
    public IReadOnlyList<int> ColStarts { get; }

    /// <summary>Chip row starts, in ROI-window pixels.</summary>
    public IReadOnlyList<int> RowStarts { get; }

    /// <summary>Write-window column edges: chip i writes columns [ColEdges[i], ColEdges[i+1]).</summary>
    public IReadOnlyList<int> ColEdges { get; }

    /// <summary>Write-window row edges: chip row j writes rows [RowEdges[j], RowEdges[j+1]).</summary>
    public IReadOnlyList<int> RowEdges { get; }

    /// <summary>A window in ROI-window pixels (such as <see cref="Chip.Read"/>) in raster pixels.</summary>
    public PixelWindow ToRaster(PixelWindow roiPixels) => roiPixels.Offset(RoiWindow.Col, RoiWindow.Row);

    /// <summary>Number of chips.</summary>
    public int Count => ColStarts.Count * RowStarts.Count;

    /// <summary>The chips, produced lazily in row-major order.</summary>
    public IEnumerable<Chip> Chips
    {
        get
        {
            int index = 0;
            for (int r = 0; r < RowStarts.Count; r++)
            {
                for (int c = 0; c < ColStarts.Count; c++)
                {
                    var read = new PixelWindow(ColStarts[c], RowStarts[r], ChipSize, ChipSize);
                    var write = new PixelWindow(ColEdges[c], RowEdges[r], ColEdges[c + 1] - ColEdges[c], RowEdges[r + 1] - RowEdges[r]);
                    yield return new Chip(index++, r, c, read, write);
                }
            }
        }
    }
}
