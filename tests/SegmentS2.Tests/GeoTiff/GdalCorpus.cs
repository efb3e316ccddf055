namespace SegmentS2.Tests.GeoTiff;

/// <summary>
/// The GDAL-generated corpus: every sample type with every codec and valid predictor in tiles and
/// strips, then multi-band interleaving, big-endian, BigTIFF, COGs with overviews, sparse blocks,
/// PixelIsPoint, rotation, geographic CRSs, nodata (NaN included), scale/offset and descriptions.
/// </summary>
public static class GdalCorpus
{
    public static readonly string[] Types = ["Byte", "SByte", "UInt16", "Int16", "UInt32", "Int32", "Float32", "Float64"];

    public static IReadOnlyList<CorpusCase> Cases { get; } = Build();

    /// <summary>Valid files GDAL writes and reads that this reader refuses, with the reason its error must name.</summary>
    public static IReadOnlyDictionary<string, (CorpusCase Case, string Reason)> Refused { get; } = new (CorpusCase Case, string Reason)[]
    {
        (new("refused_webp", "Byte", ["COMPRESS=WEBP"], Bands: 3, GeoTransform: CorpusCase.Utm), "WEBP compression (code 50001)"),
        (new("refused_lerc", "Float32", ["COMPRESS=LERC"], GeoTransform: CorpusCase.Utm), "LERC compression (code 34887)"),
        (new("refused_lerc_zstd", "UInt16", ["COMPRESS=LERC_ZSTD"], GeoTransform: CorpusCase.Utm), "LERC compression (code 34887)"),
        (new("refused_lzma", "UInt16", ["COMPRESS=LZMA"], GeoTransform: CorpusCase.Utm), "LZMA compression (code 34925)"),
        (new("refused_nbits12", "UInt16", ["NBITS=12", "COMPRESS=DEFLATE"], GeoTransform: CorpusCase.Utm), "12-bit unsigned integer samples"),
        (new("refused_float16", "Float32", ["NBITS=16"], GeoTransform: CorpusCase.Utm), "16-bit floating-point samples"),
        (new("refused_int64", "Int64", ["COMPRESS=DEFLATE"], GeoTransform: CorpusCase.Utm), "64-bit signed integer samples"),
        (new("refused_uint64", "UInt64", [], GeoTransform: CorpusCase.Utm), "64-bit unsigned integer samples"),
        (new("refused_cmyk", "Byte", ["PHOTOMETRIC=CMYK"], Bands: 4, GeoTransform: CorpusCase.Utm), "Photometric interpretation Separated (5)"),
    }.ToDictionary(r => r.Case.Name);

    public static TheoryData<string> RefusedNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in Refused.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (CorpusCase c in Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static List<CorpusCase> Build()
    {
        var cases = new List<CorpusCase>();
        double[] utm = CorpusCase.Utm;
        string[] tiles = ["TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=64"];
        string[] strips = ["TILED=NO", "BLOCKYSIZE=7"];

        foreach (string type in Types)
        {
            bool isFloat = type.StartsWith("Float", StringComparison.Ordinal);
            foreach (string codec in (string[])["NONE", "DEFLATE", "LZW", "PACKBITS", "ZSTD"])
            {
                int[] predictors = codec is "NONE" or "PACKBITS" ? [1] : isFloat ? [1, 2, 3] : [1, 2];
                foreach (int predictor in predictors)
                {
                    foreach ((string layout, string[] layoutOptions) in (ReadOnlySpan<(string, string[])>)[("tiled", tiles), ("strips", strips)])
                    {
                        string name = $"{type}_{codec}_p{predictor}_{layout}".ToLowerInvariant();
                        cases.Add(new CorpusCase(name, type, [$"COMPRESS={codec}", $"PREDICTOR={predictor}", .. layoutOptions], GeoTransform: utm));
                    }
                }
            }
        }

        // Several bands, pixel- and band-interleaved.
        foreach ((string type, string codec, int predictor) in (ReadOnlySpan<(string, string, int)>)[("Byte", "LZW", 2), ("UInt16", "DEFLATE", 2), ("Int16", "PACKBITS", 1), ("Float32", "ZSTD", 3), ("Float64", "NONE", 1)])
        {
            foreach (string interleave in (string[])["PIXEL", "BAND"])
            {
                foreach ((string layout, string[] layoutOptions) in (ReadOnlySpan<(string, string[])>)[("tiled", tiles), ("strips", strips)])
                {
                    string name = $"{type}_{codec}_p{predictor}_{interleave}_{layout}_3band".ToLowerInvariant();
                    cases.Add(new CorpusCase(name, type, [$"COMPRESS={codec}", $"PREDICTOR={predictor}", $"INTERLEAVE={interleave}", .. layoutOptions], Bands: 3, GeoTransform: utm));
                }
            }
        }

        cases.Add(new CorpusCase("uint8_lzw_pixel_7band", "Byte", ["COMPRESS=LZW", "PREDICTOR=2", "INTERLEAVE=PIXEL", .. tiles], Bands: 7, GeoTransform: utm));

        // Byte order and BigTIFF.
        foreach (string type in Types)
        {
            bool isFloat = type.StartsWith("Float", StringComparison.Ordinal);
            string predictor = isFloat ? "3" : "2";
            cases.Add(new CorpusCase($"{type}_be_deflate_tiled".ToLowerInvariant(), type, ["ENDIANNESS=BIG", "COMPRESS=DEFLATE", $"PREDICTOR={predictor}", .. tiles], GeoTransform: utm));
            cases.Add(new CorpusCase($"{type}_be_none_strips".ToLowerInvariant(), type, ["ENDIANNESS=BIG", "COMPRESS=NONE", .. strips], GeoTransform: utm));
            cases.Add(new CorpusCase($"{type}_bigtiff_lzw_tiled".ToLowerInvariant(), type, ["BIGTIFF=YES", "COMPRESS=LZW", $"PREDICTOR={predictor}", .. tiles], GeoTransform: utm));
        }

        cases.Add(new CorpusCase("int16_bigtiff_be_zstd_separate_3band", "Int16", ["BIGTIFF=YES", "ENDIANNESS=BIG", "COMPRESS=ZSTD", "PREDICTOR=2", "INTERLEAVE=BAND", .. strips], Bands: 3, GeoTransform: utm));
        cases.Add(new CorpusCase("uint16_be_lzw_pixel_4band", "UInt16", ["ENDIANNESS=BIG", "COMPRESS=LZW", "PREDICTOR=2", "INTERLEAVE=PIXEL", .. tiles], Bands: 4, GeoTransform: utm));

        // Cloud-optimised GeoTIFFs with overviews, and internal overviews of a plain GeoTIFF.
        cases.Add(new CorpusCase("cog_uint16_deflate_p2", "UInt16", ["BLOCKSIZE=128", "COMPRESS=DEFLATE", "PREDICTOR=YES", "OVERVIEW_RESAMPLING=NEAREST"], Driver: "COG", GeoTransform: utm, NoData: "0", Width: 700, Height: 500));
        cases.Add(new CorpusCase("cog_float32_zstd_p3_nan", "Float32", ["BLOCKSIZE=128", "COMPRESS=ZSTD", "PREDICTOR=YES", "OVERVIEW_RESAMPLING=NEAREST"], Driver: "COG", Epsg: 4326, GeoTransform: [-9.5, 0.001, 0, 40.2, 0, -0.001], NoData: "nan", Width: 520, Height: 300));
        cases.Add(new CorpusCase("cog_byte_lzw_3band", "Byte", ["BLOCKSIZE=128", "COMPRESS=LZW", "OVERVIEW_RESAMPLING=NEAREST"], Driver: "COG", Bands: 3, Epsg: 3857, GeoTransform: [-1000000, 30, 0, 5000000, 0, -30], Width: 600, Height: 400));
        cases.Add(new CorpusCase("cog_int16_bigtiff", "Int16", ["BLOCKSIZE=128", "COMPRESS=DEFLATE", "BIGTIFF=YES", "OVERVIEW_RESAMPLING=NEAREST"], Driver: "COG", GeoTransform: utm, NoData: "-9999", Width: 400, Height: 300));
        cases.Add(new CorpusCase("gtiff_internal_overviews", "UInt16", ["COMPRESS=DEFLATE", "PREDICTOR=2", .. tiles], GeoTransform: utm, OverviewLevels: [2, 4, 8]));

        // Sparse blocks read as nodata, or zero without one.
        cases.Add(new CorpusCase("sparse_int16_nodata", "Int16", ["COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64"], GeoTransform: utm, NoData: "-9999", Sparse: true));
        cases.Add(new CorpusCase("sparse_float32_nan", "Float32", ["COMPRESS=ZSTD", "TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64"], GeoTransform: utm, NoData: "nan", Sparse: true));
        cases.Add(new CorpusCase("sparse_byte_no_nodata", "Byte", ["COMPRESS=LZW", "TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64"], GeoTransform: utm, Sparse: true));

        // Georeferencing variants.
        cases.Add(new CorpusCase("pixel_is_point", "UInt16", ["COMPRESS=DEFLATE", .. tiles], GeoTransform: utm, Point: true));
        cases.Add(new CorpusCase("pixel_is_point_geographic", "Float32", ["COMPRESS=LZW"], Epsg: 4326, GeoTransform: [12.5, 0.0002, 0, 45.1, 0, -0.0002], Point: true));
        cases.Add(new CorpusCase("rotated_model_transformation", "Byte", ["COMPRESS=NONE"], GeoTransform: [500000, 10, 3, 4000020, 2, -10]));
        cases.Add(new CorpusCase("geographic_4326", "Int32", ["COMPRESS=ZSTD", .. tiles], Epsg: 4326, GeoTransform: [-10, 0.01, 0, 60, 0, -0.01]));
        cases.Add(new CorpusCase("web_mercator_3857", "UInt32", ["COMPRESS=DEFLATE", .. strips], Epsg: 3857, GeoTransform: [-1000000, 30, 0, 5000000, 0, -30]));
        cases.Add(new CorpusCase("utm_south_32733", "UInt16", ["COMPRESS=LZW", .. tiles], Epsg: 32733, GeoTransform: [300000, 20, 0, 8000000, 0, -20]));
        cases.Add(new CorpusCase("no_georeferencing", "Byte", ["COMPRESS=PACKBITS"], Epsg: null));

        // Nodata values.
        cases.Add(new CorpusCase("nodata_byte_255", "Byte", ["COMPRESS=DEFLATE"], GeoTransform: utm, NoData: "255"));
        cases.Add(new CorpusCase("nodata_float64_large", "Float64", ["COMPRESS=DEFLATE", "PREDICTOR=3"], GeoTransform: utm, NoData: "-1e+30"));
        cases.Add(new CorpusCase("nodata_float32_fraction", "Float32", ["COMPRESS=LZW"], GeoTransform: utm, NoData: "-3.5"));

        // GDAL metadata: scale, offset, band descriptions.
        cases.Add(new CorpusCase("scale_offset_descriptions", "Int16", ["COMPRESS=DEFLATE", "INTERLEAVE=BAND", .. tiles], Bands: 2, GeoTransform: utm,
            Scale: [0.0001, 0.5], Offset: [-0.1, 10], Descriptions: ["red", "near infrared"]));

        // Photometric interpretations read as plain samples.
        cases.Add(new CorpusCase("photometric_miniswhite", "Byte", ["PHOTOMETRIC=MINISWHITE", "COMPRESS=LZW"], GeoTransform: utm));
        cases.Add(new CorpusCase("photometric_rgb", "Byte", ["PHOTOMETRIC=RGB", "COMPRESS=DEFLATE", "PREDICTOR=2", .. tiles], Bands: 3, GeoTransform: utm));
        cases.Add(new CorpusCase("photometric_rgb_alpha", "UInt16", ["PHOTOMETRIC=RGB", "ALPHA=YES", "COMPRESS=ZSTD", "INTERLEAVE=BAND"], Bands: 4, GeoTransform: utm));

        // Odd geometry: blocks larger than the image, one-row strips, a single column.
        cases.Add(new CorpusCase("tile_larger_than_image", "UInt16", ["COMPRESS=DEFLATE", "PREDICTOR=2", "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256"], GeoTransform: utm, Width: 37, Height: 19));
        cases.Add(new CorpusCase("one_row_strips", "Int32", ["COMPRESS=LZW", "PREDICTOR=2", "BLOCKYSIZE=1"], GeoTransform: utm, Width: 53, Height: 41));
        cases.Add(new CorpusCase("single_column", "Float32", ["COMPRESS=DEFLATE", "PREDICTOR=3"], GeoTransform: utm, Width: 1, Height: 97));

        // Codecs decoded by the LibTiff.NET fallback: JPEG (grey, RGB, YCbCr read as RGB, band-separate, with and
        // without shared tables, edge tiles, a COG with JPEG overviews) and CCITT on 1-bit data; 1-bit data uncompressed too.
        string[] jpegTiles = ["TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=64"];
        cases.Add(new CorpusCase("jpeg_grey_tiled", "Byte", ["COMPRESS=JPEG", .. jpegTiles], GeoTransform: utm));
        cases.Add(new CorpusCase("jpeg_grey_strips", "Byte", ["COMPRESS=JPEG", "BLOCKYSIZE=16"], GeoTransform: utm));
        cases.Add(new CorpusCase("jpeg_rgb_pixel_tiled", "Byte", ["COMPRESS=JPEG", .. jpegTiles], Bands: 3, GeoTransform: utm));
        cases.Add(new CorpusCase("jpeg_rgb_band_strips", "Byte", ["COMPRESS=JPEG", "INTERLEAVE=BAND", "BLOCKYSIZE=24"], Bands: 3, GeoTransform: utm));
        cases.Add(new CorpusCase("jpeg_ycbcr_strips", "Byte", ["COMPRESS=JPEG", "PHOTOMETRIC=YCBCR"], Bands: 3, GeoTransform: utm));
        cases.Add(new CorpusCase("jpeg_ycbcr_tiled", "Byte", ["COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", .. jpegTiles], Bands: 3, GeoTransform: utm));
        cases.Add(new CorpusCase("jpeg_ycbcr_edge_tiles", "Byte", ["COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", "TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16"], Bands: 3, GeoTransform: utm, Width: 37, Height: 19));
        cases.Add(new CorpusCase("jpeg_ycbcr_q95_own_tables", "Byte", ["COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", "JPEG_QUALITY=95", "JPEGTABLESMODE=0"], Bands: 3, GeoTransform: utm, Width: 101, Height: 67));
        cases.Add(new CorpusCase("cog_jpeg_ycbcr", "Byte", ["BLOCKSIZE=128", "COMPRESS=JPEG", "OVERVIEW_RESAMPLING=NEAREST"], Driver: "COG", Bands: 3, GeoTransform: utm, Width: 600, Height: 400));
        cases.Add(new CorpusCase("ccittfax4_strips", "Byte", ["COMPRESS=CCITTFAX4", "NBITS=1"], GeoTransform: utm, Bits: 1));
        cases.Add(new CorpusCase("ccittfax4_tiled", "Byte", ["COMPRESS=CCITTFAX4", "NBITS=1", "TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=32"], GeoTransform: utm, Bits: 1));
        cases.Add(new CorpusCase("ccittfax3_strips", "Byte", ["COMPRESS=CCITTFAX3", "NBITS=1", "BLOCKYSIZE=7"], GeoTransform: utm, Bits: 1));
        cases.Add(new CorpusCase("ccittrle_miniswhite", "Byte", ["COMPRESS=CCITTRLE", "NBITS=1", "PHOTOMETRIC=MINISWHITE"], GeoTransform: utm, Bits: 1, Width: 77, Height: 45));
        cases.Add(new CorpusCase("nbits1_none_strips", "Byte", ["NBITS=1", "BLOCKYSIZE=7"], GeoTransform: utm, Bits: 1, Width: 77, Height: 45));
        cases.Add(new CorpusCase("nbits1_deflate_tiled", "Byte", ["NBITS=1", "COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=32", "BLOCKYSIZE=16"], GeoTransform: utm, Bits: 1, Width: 77, Height: 45));

        // Small seeds for the fuzzer (read like every other case, too).
        string[] small = ["TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16"];
        cases.Add(new CorpusCase("fuzz_uint16_deflate_p2_tiled", "UInt16", ["COMPRESS=DEFLATE", "PREDICTOR=2", .. small], GeoTransform: utm, NoData: "0", Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_byte_lzw_p2_strips", "Byte", ["COMPRESS=LZW", "PREDICTOR=2", "BLOCKYSIZE=6"], GeoTransform: utm, Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_int16_packbits_separate", "Int16", ["COMPRESS=PACKBITS", "INTERLEAVE=BAND", .. small], Bands: 3, GeoTransform: utm, Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_float32_zstd_p3_tiled", "Float32", ["COMPRESS=ZSTD", "PREDICTOR=3", .. small], Epsg: 4326, GeoTransform: [10, 0.1, 0, 50, 0, -0.1], NoData: "nan", Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_float64_none_be_bigtiff", "Float64", ["ENDIANNESS=BIG", "BIGTIFF=YES", "BLOCKYSIZE=5"], GeoTransform: utm, Width: 20, Height: 15));
        cases.Add(new CorpusCase("fuzz_int32_lzw_pixel_overviews", "Int32", ["COMPRESS=LZW", "PREDICTOR=2", "INTERLEAVE=PIXEL", .. small], Bands: 2, GeoTransform: utm, OverviewLevels: [2, 4], Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_uint16_deflate_sparse", "UInt16", ["COMPRESS=DEFLATE", .. small], GeoTransform: utm, NoData: "7", Sparse: true, Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_jpeg_ycbcr_tiled", "Byte", ["COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", .. small], Bands: 3, GeoTransform: utm, Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_jpeg_grey_strips", "Byte", ["COMPRESS=JPEG", "BLOCKYSIZE=8", "JPEGTABLESMODE=0"], GeoTransform: utm, Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_jpeg_rgb_separate", "Byte", ["COMPRESS=JPEG", "INTERLEAVE=BAND", .. small], Bands: 3, GeoTransform: utm, Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_ccittfax4_tiled", "Byte", ["COMPRESS=CCITTFAX4", "NBITS=1", .. small], GeoTransform: utm, Bits: 1, Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_ccittfax3_strips", "Byte", ["COMPRESS=CCITTFAX3", "NBITS=1", "BLOCKYSIZE=6"], GeoTransform: utm, Bits: 1, Width: 40, Height: 30));
        cases.Add(new CorpusCase("fuzz_ccittrle_strips", "Byte", ["COMPRESS=CCITTRLE", "NBITS=1", "BLOCKYSIZE=6"], GeoTransform: utm, Bits: 1, Width: 40, Height: 30));
        return cases;
    }
}
