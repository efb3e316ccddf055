namespace SegmentS2.GeoTiff.Constants;

/// <summary>The TIFF, GeoTIFF and GDAL tags the reader looks at.</summary>
internal enum TiffTag : ushort
{
    /// <summary>Kind of image in this IFD (<see cref="TiffNewSubfileType"/> flags).</summary>
    NewSubfileType = 254,
    /// <summary>Columns.</summary>
    ImageWidth = 256,
    /// <summary>Rows.</summary>
    ImageLength = 257,
    /// <summary>Bits per sample, one value per sample.</summary>
    BitsPerSample = 258,
    /// <summary>Codec (<see cref="TiffCompression"/>).</summary>
    Compression = 259,
    /// <summary>Colour space (<see cref="TiffPhotometric"/>).</summary>
    PhotometricInterpretation = 262,
    /// <summary>Bit order within a byte (1: most significant first, 2: least significant first); used by CCITT data.</summary>
    FillOrder = 266,
    /// <summary>Free text; not read.</summary>
    ImageDescription = 270,
    /// <summary>File offset of each strip.</summary>
    StripOffsets = 273,
    /// <summary>Bands per pixel.</summary>
    SamplesPerPixel = 277,
    /// <summary>Rows per strip.</summary>
    RowsPerStrip = 278,
    /// <summary>Compressed byte count of each strip.</summary>
    StripByteCounts = 279,
    /// <summary>Band interleaving (<see cref="TiffPlanarConfiguration"/>).</summary>
    PlanarConfiguration = 284,
    /// <summary>CCITT Group 3 options.</summary>
    T4Options = 292,
    /// <summary>CCITT Group 4 options.</summary>
    T6Options = 293,
    /// <summary>1 none, 2 horizontal differencing, 3 floating point.</summary>
    Predictor = 317,
    /// <summary>Tile columns.</summary>
    TileWidth = 322,
    /// <summary>Tile rows.</summary>
    TileLength = 323,
    /// <summary>File offset of each tile.</summary>
    TileOffsets = 324,
    /// <summary>Compressed byte count of each tile.</summary>
    TileByteCounts = 325,
    /// <summary>Offsets of child IFDs (reduced-resolution images in some writers).</summary>
    SubIfds = 330,
    /// <summary>Meaning of samples beyond the colour channels.</summary>
    ExtraSamples = 338,
    /// <summary>Integer, signed integer or IEEE float, one value per sample (<see cref="TiffSampleFormat"/>).</summary>
    SampleFormat = 339,
    /// <summary>JPEG quantisation and Huffman tables shared by every block (TIFF technical note 2).</summary>
    JpegTables = 347,
    /// <summary>Chroma subsampling of YCbCr data (horizontal, vertical).</summary>
    YCbCrSubsampling = 530,
    /// <summary>GeoTIFF: pixel size in model units (X, Y, Z).</summary>
    ModelPixelScale = 33550,
    /// <summary>GeoTIFF: raster (I, J, K) to model (X, Y, Z) tie points.</summary>
    ModelTiepoint = 33922,
    /// <summary>GeoTIFF: 4 x 4 raster-to-model affine matrix, row-major.</summary>
    ModelTransformation = 34264,
    /// <summary>GeoTIFF: the GeoKey directory (SHORT array).</summary>
    GeoKeyDirectory = 34735,
    /// <summary>GeoTIFF: DOUBLE values referenced by GeoKeys.</summary>
    GeoDoubleParams = 34736,
    /// <summary>GeoTIFF: ASCII values referenced by GeoKeys.</summary>
    GeoAsciiParams = 34737,
    /// <summary>GDAL: XML metadata (scale, offset, band descriptions).</summary>
    GdalMetadata = 42112,
    /// <summary>GDAL: the nodata value as ASCII text.</summary>
    GdalNoData = 42113,
}
