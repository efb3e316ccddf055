namespace SegmentS2.GeoTiff.Writing.Tiff;

/// <summary>The TIFF, GeoTIFF and GDAL tags the writer emits (TIFF 6.0, GeoTIFF 1.1, GDAL's private tags).</summary>
internal enum TiffTag : ushort
{
    NewSubfileType = 254,
    ImageWidth = 256,
    ImageLength = 257,
    BitsPerSample = 258,
    Compression = 259,
    PhotometricInterpretation = 262,
    SamplesPerPixel = 277,
    PlanarConfiguration = 284,
    Predictor = 317,
    TileWidth = 322,
    TileLength = 323,
    TileOffsets = 324,
    TileByteCounts = 325,
    ExtraSamples = 338,
    SampleFormat = 339,
    ModelPixelScale = 33550,
    ModelTiepoint = 33922,
    ModelTransformation = 34264,
    GeoKeyDirectory = 34735,
    GdalMetadata = 42112,
    GdalNoData = 42113,
}
