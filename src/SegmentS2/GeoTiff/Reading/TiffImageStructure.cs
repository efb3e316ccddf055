using SegmentS2.GeoTiff.Compression.LibTiff;
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

    /// <summary>
    /// True for 1-bit samples (bilevel images, CCITT): stored packed, most significant bit first,
    /// each row starting on a byte; read as <see cref="RasterDataType.Byte"/> values 0 and 1, as GDAL reads them.
    /// </summary>
    public bool IsBilevel { get; init; }

    /// <summary>The tags LibTiff.NET needs when it is the block decoder (JPEG, CCITT); null for the managed codecs.</summary>
    public LibTiffCodecParameters? LibTiffCodec { get; init; }

    /// <summary>The Predictor tag as written.</summary>
    public required int Predictor { get; init; }

    /// <summary>The predictor to undo: the tag's value for codecs that use one, else 1 (as libtiff does).</summary>
    public required TiffPredictor EffectivePredictor { get; init; }
    public required TiffPlanarConfiguration PlanarConfiguration { get; init; }
    public required bool IsTiled { get; init; }
    public required int BlockWidth { get; init; }
    public required int BlockHeight { get; init; }
    public required TiffNewSubfileType SubfileType { get; init; }

    /// <summary>
    /// File offset of each block as stored, plane-major (all blocks of band 0 first when separate).
    /// May be shorter than the block count: missing entries are absent blocks, as in libtiff.
    /// </summary>
    public required long[] StoredOffsets { get; init; }

    /// <summary>Stored byte count of each block, or null when the file has none (uncompressed strips: estimated).</summary>
    public required long[]? StoredByteCounts { get; init; }

    /// <summary>Total blocks: blocks per plane times planes.</summary>
    public int BlockCount => BlocksPerPlane * (PlanarConfiguration == TiffPlanarConfiguration.Separate ? SamplesPerPixel : 1);

    /// <summary>File offset of a block.</summary>
    public long BlockOffset(int index) => index < StoredOffsets.Length ? StoredOffsets[index] : 0;

    /// <summary>Stored bytes of a block; 0 for an absent (sparse) block.</summary>
    public long BlockByteCount(int index)
    {
        if (StoredByteCounts is null)
        {
            // libtiff's estimate for uncompressed strips without StripByteCounts.
            return index < StoredOffsets.Length ? (long)RowsInBlock(index % BlocksPerPlane / BlocksAcross) * StoredRowBytes : 0;
        }

        return index < StoredByteCounts.Length ? StoredByteCounts[index] : 0;
    }

    public int BytesPerSample => DataType.SizeInBytes();

    public int BlocksAcross => (int)(((long)Width + BlockWidth - 1) / BlockWidth);

    public int BlocksDown => (int)(((long)Height + BlockHeight - 1) / BlockHeight);

    public int BlocksPerPlane => BlocksAcross * BlocksDown;

    /// <summary>Samples per pixel inside one block: all bands when contiguous, one when separate.</summary>
    public int SamplesPerBlockPixel => PlanarConfiguration == TiffPlanarConfiguration.Contiguous ? SamplesPerPixel : 1;

    /// <summary>Bytes of one row of a block.</summary>
    public int BlockRowBytes => BlockWidth * SamplesPerBlockPixel * BytesPerSample;

    /// <summary>Bits of each stored sample.</summary>
    public int BitsPerSample => IsBilevel ? 1 : BytesPerSample * 8;

    /// <summary>Bytes of one row of a block as stored after decompression: <see cref="BlockRowBytes"/>, or packed bits when bilevel.</summary>
    public int StoredRowBytes => IsBilevel ? (BlockWidth * SamplesPerBlockPixel + 7) / 8 : BlockRowBytes;

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

    /// <summary>
    /// The one way a damaged block is reported: <c>"{tile|strip} {index} of the image at IFD offset {offset} {problem}"</c>
    /// (or <c>": {problem}"</c> with <paramref name="separator"/>), as a <see cref="GeoTiffFormatException"/>.
    /// </summary>
    public GeoTiffFormatException BlockError(int index, string problem, Exception? inner = null, string separator = " ") =>
        new($"{BlockName(index)} of the image at IFD offset {IfdOffset}{separator}{problem}", inner);
}
