using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.Ifd;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Reading;

/// <summary>
/// How one IFD's pixels are stored: size, sample type, codec, predictor, block grid and where every
/// block is. Built and validated by <see cref="TiffImageStructureParser"/>.
/// </summary>
internal sealed class TiffImageStructure
{
    public required long IfdOffset { get; init; }
    public required TiffByteOrder ByteOrder { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required int SamplesPerPixel { get; init; }
    public required RasterDataType DataType { get; init; }
    public required TiffCompression Compression { get; init; }

    /// <summary>The Predictor tag as written.</summary>
    public required int Predictor { get; init; }

    /// <summary>The predictor to undo: the tag's value for codecs that use one, else 1 (as libtiff does).</summary>
    public required int EffectivePredictor { get; init; }
    public required TiffPlanarConfiguration PlanarConfiguration { get; init; }
    public required bool IsTiled { get; init; }
    public required int BlockWidth { get; init; }
    public required int BlockHeight { get; init; }
    public required TiffNewSubfileType SubfileType { get; init; }

    /// <summary>File offset of each block, plane-major (all blocks of band 0 first when separate).</summary>
    public required long[] BlockOffsets { get; init; }

    /// <summary>Stored byte count of each block; 0 with offset 0 means a sparse (absent) block.</summary>
    public required long[] BlockByteCounts { get; init; }

    public int BytesPerSample => DataType.SizeInBytes();

    public int BlocksAcross => (int)(((long)Width + BlockWidth - 1) / BlockWidth);

    public int BlocksDown => (int)(((long)Height + BlockHeight - 1) / BlockHeight);

    public int BlocksPerPlane => BlocksAcross * BlocksDown;

    /// <summary>Samples per pixel inside one block: all bands when contiguous, one when separate.</summary>
    public int SamplesPerBlockPixel => PlanarConfiguration == TiffPlanarConfiguration.Contiguous ? SamplesPerPixel : 1;

    /// <summary>Bytes of one row of a block.</summary>
    public int BlockRowBytes => BlockWidth * SamplesPerBlockPixel * BytesPerSample;

    /// <summary>Bytes of a whole decoded block (a full tile, or a strip of <see cref="BlockHeight"/> rows).</summary>
    public int BlockBytes => BlockRowBytes * BlockHeight;

    /// <summary>
    /// Rows of a block that lie inside the image, the rows that must decode: the last strip may be
    /// shorter, and, as GDAL does, only the image's rows of a bottom-edge tile are required (some
    /// writers store no padding rows).
    /// </summary>
    public int RowsInBlock(int blockRow) => Math.Min(BlockHeight, Height - blockRow * BlockHeight);

    /// <summary>"tile 12" or "strip 3", for error messages.</summary>
    public string BlockName(int index) => $"{(IsTiled ? "tile" : "strip")} {index}";
}
