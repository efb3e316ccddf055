using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;

namespace SegmentS2.Output;

/// <summary>
/// Writes the <c>segmentation_mask</c> output as the reference defines it: a uint8 GeoTIFF with one band per
/// prompt id named <c>mask_prompt_{id}</c>, 1 foreground and 0 background, georeferenced like the ROI window.
/// Laid out as a Cloud-Optimised GeoTIFF (nearest-neighbour overviews, so masks stay binary).
/// </summary>
internal static class MaskGeoTiffWriter
{
    /// <summary>The categories recorded in each band's metadata.</summary>
    public const string Categories = "0:background,1:foreground";

    /// <summary>
    /// 512 px tiles, or for a mask smaller than that (a field's), one tile just covering it (a multiple of 16): a 512 px
    /// tile padded around an 80 px field mask would be 40 times the pixels to compress.
    /// </summary>
    internal static int TileSizeFor(int width, int height) => Math.Min(512, (Math.Max(Math.Max(width, height), 1) + 15) / 16 * 16);

    /// <summary>Writes the mask file atomically.</summary>
    /// <param name="path">Destination path.</param>
    /// <param name="masks">Band-sequential masks, width x height each, in prompt band order.</param>
    /// <param name="width">Width of the ROI window.</param>
    /// <param name="height">Height of the ROI window.</param>
    /// <param name="epsg">EPSG code of the ROI window's CRS.</param>
    /// <param name="transform">Geotransform of the ROI window.</param>
    /// <param name="promptIds">Original prompt ids in band order.</param>
    /// <param name="cancellationToken">Cancels the write; no file is left behind.</param>
    public static Task WriteAsync(string path, ReadOnlyMemory<byte> masks, int width, int height, int epsg, GeoTransform transform,
        IReadOnlyList<string> promptIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promptIds);
        if (promptIds.Count == 0)
        {
            throw new ArgumentException("A mask needs at least one prompt id.", nameof(promptIds));
        }

        var options = new GeoTiffWriteOptions
        {
            Epsg = epsg,
            GeoTransform = transform,
            BandDescriptions = promptIds.Select(id => (string?)$"mask_prompt_{id}").ToArray(),
            BandMetadata = promptIds.Select(id => (IReadOnlyDictionary<string, string>?)new Dictionary<string, string>
            {
                ["prompt_id"] = id,
                ["CATEGORIES"] = Categories,
            }).ToArray(),
            Metadata = new Dictionary<string, string>
            {
                ["SEGMENTS2_PRODUCT"] = "segmentation_mask",
                ["CATEGORIES"] = Categories,
            },
            Cog = true,
            OverviewResampling = GeoTiffOverviewResampling.Nearest,
            TileSize = TileSizeFor(width, height),
        };
        return GeoTiffWriter.WriteAsync(path, width, height, promptIds.Count, masks, options, cancellationToken);
    }
}
