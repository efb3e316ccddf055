using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Writing;

/// <summary>
/// What <see cref="GeoTiffWriter"/> writes besides the pixels: georeferencing, nodata, band
/// descriptions and metadata, and the tile layout and codec. The defaults give a 512 x 512 tiled,
/// DEFLATE-compressed file with the predictor that suits the sample type.
/// </summary>
public sealed record GeoTiffWriteOptions
{
    /// <summary>
    /// EPSG code of the CRS, written as GeoKeys: 4326 as a geographic CRS, 3857 and WGS 84 / UTM
    /// (326zz, 327zz) as projected CRSs. Null writes no CRS.
    /// </summary>
    public int? Epsg { get; init; }

    /// <summary>
    /// Pixel-to-map transform (GDAL order, PixelIsArea). North-up transforms are written as
    /// ModelPixelScale + ModelTiepoint, rotated or south-up ones as ModelTransformation. Null writes none.
    /// </summary>
    public GeoTransform? GeoTransform { get; init; }

    /// <summary>The nodata value (GDAL_NODATA tag); must be representable in the sample type. NaN is allowed for float types.</summary>
    public double? NoData { get; init; }

    /// <summary>One description per band (null entries skip a band), shown by <c>gdalinfo</c> as the band's description.</summary>
    public IReadOnlyList<string?>? BandDescriptions { get; init; }

    /// <summary>Dataset-level metadata items (GDAL_METADATA tag, default domain).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Per-band metadata items, one dictionary (or null) per band.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>?>? BandMetadata { get; init; }

    /// <summary>Per-band scale (value = raw * scale + offset), as GDAL's band scale; null entries or list write none.</summary>
    public IReadOnlyList<double?>? BandScales { get; init; }

    /// <summary>Per-band offset (value = raw * scale + offset), as GDAL's band offset; null entries or list write none.</summary>
    public IReadOnlyList<double?>? BandOffsets { get; init; }

    /// <summary>Tile width and height in pixels: a multiple of 16 from 16 to 4096. Default 512.</summary>
    public int TileSize { get; init; } = 512;

    /// <summary>Tile codec. Default <see cref="GeoTiffWriteCompression.Deflate"/>.</summary>
    public GeoTiffWriteCompression Compression { get; init; } = GeoTiffWriteCompression.Deflate;

    /// <summary>Predictor. Default <see cref="GeoTiffWritePredictor.Auto"/>.</summary>
    public GeoTiffWritePredictor Predictor { get; init; } = GeoTiffWritePredictor.Auto;

    /// <summary>
    /// Codec effort: DEFLATE 1 (fastest) to 9 (smallest), default 6 as GDAL's ZLEVEL; ZSTD 1 to 22,
    /// default 9 as GDAL's ZSTD_LEVEL. Must be null for None and LZW.
    /// </summary>
    public int? CompressionLevel { get; init; }

    /// <summary>
    /// Cloud-optimised layout: GDAL's structural metadata, all IFDs before the tile data, block size
    /// leaders and trailers, overviews stored smallest first and the full resolution last (what GDAL's
    /// COG driver writes). Default false: a plain tiled GeoTIFF without overviews.
    /// </summary>
    public bool Cog { get; init; }

    /// <summary>
    /// Number of 2x overview levels when <see cref="Cog"/> is set. Null: halve until both dimensions
    /// fit in one tile (GDAL's COG default). 0: none.
    /// </summary>
    public int? OverviewCount { get; init; }

    /// <summary>How overviews are computed. Average for imagery (default), nearest for masks.</summary>
    public GeoTiffOverviewResampling OverviewResampling { get; init; } = GeoTiffOverviewResampling.Average;

    /// <summary>Classic TIFF or BigTIFF. Default: BigTIFF only when needed (file over 4 GiB).</summary>
    public GeoTiffBigTiffMode BigTiff { get; init; } = GeoTiffBigTiffMode.Auto;

    /// <summary>
    /// Most tiles prepared and compressed at once (and most concurrent calls of a streaming
    /// write's callback); -1 (default) uses every core.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Receives the fraction (0 to 1) of full-resolution tiles written.</summary>
    public IProgress<double>? Progress { get; init; }
}
