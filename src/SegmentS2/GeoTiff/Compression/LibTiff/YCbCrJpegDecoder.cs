using BitMiracle.LibJpeg.Classic;

namespace SegmentS2.GeoTiff.Compression.LibTiff;

/// <summary>
/// Decodes one YCbCr JPEG block with BitMiracle.LibJpeg.NET in raw mode (luma and subsampled chroma
/// planes, no colour conversion) and converts it with <see cref="YCbCrToRgb"/>, so that the RGB
/// samples are those GDAL (libtiff and libjpeg-turbo) reads. The JPEG header must declare exactly
/// the block's size, 3 components, 8-bit precision and the TIFF's subsampling before anything is
/// allocated for the image data.
/// </summary>
internal static class YCbCrJpegDecoder
{
    /// <summary>
    /// Decodes <paramref name="stored"/> (with the shared <paramref name="tables"/>, if any) into
    /// <paramref name="height"/> rows of <paramref name="width"/> RGB pixels.
    /// </summary>
    public static void Decode(
        byte[]? tables, ReadOnlySpan<byte> stored, int width, int height, int h, int v, Span<byte> rgb, int rgbRowBytes)
    {
        var decompressor = new jpeg_decompress_struct(new QuietErrorManager());
        decompressor.jpeg_stdio_src(new MemoryStream(Splice(tables, stored), writable: false));
        if (decompressor.jpeg_read_header(true) != ReadResult.JPEG_HEADER_OK)
        {
            throw new GeoTiffFormatException("the JPEG stream has no image header.");
        }

        if (decompressor.Image_width != width || decompressor.Image_height != height)
        {
            throw new GeoTiffFormatException(
                $"the JPEG stream is {decompressor.Image_width} x {decompressor.Image_height} pixels; the block is {width} x {height}.");
        }

        jpeg_component_info[] components = decompressor.Comp_info;
        if (decompressor.Num_components != 3 || decompressor.Data_precision != 8
            || components[0].H_samp_factor != h || components[0].V_samp_factor != v
            || components[1].H_samp_factor != 1 || components[1].V_samp_factor != 1
            || components[2].H_samp_factor != 1 || components[2].V_samp_factor != 1)
        {
            throw new GeoTiffFormatException(
                $"the JPEG stream's components ({decompressor.Num_components}, {decompressor.Data_precision}-bit, luma sampling {components[0].H_samp_factor} x {components[0].V_samp_factor}) are not the TIFF's 8-bit YCbCr subsampled {h} x {v}.");
        }

        // Plain 8 x 8 inverse DCTs (no DCT-domain upsampling) and no colour conversion: the planes as stored.
        decompressor.Do_fancy_upsampling = false;
        decompressor.Raw_data_out = true;
        decompressor.jpeg_start_decompress();

        int linesPerCall = decompressor.Max_v_samp_factor * JpegConstants.DCTSIZE;
        int calls = (height + linesPerCall - 1) / linesPerCall;
        var strides = new int[3];
        var planes = new byte[3][];
        var buffers = new byte[3][][];
        for (int c = 0; c < 3; c++)
        {
            strides[c] = components[c].Width_in_blocks * JpegConstants.DCTSIZE;
            int rowsPerCall = components[c].V_samp_factor * JpegConstants.DCTSIZE;
            planes[c] = new byte[strides[c] * rowsPerCall * calls];
            buffers[c] = new byte[rowsPerCall][];
            for (int r = 0; r < rowsPerCall; r++)
            {
                buffers[c][r] = new byte[strides[c]];
            }
        }

        for (int call = 0; call < calls; call++)
        {
            if (decompressor.jpeg_read_raw_data(buffers, linesPerCall) != linesPerCall)
            {
                throw new GeoTiffFormatException("the JPEG stream ended before its last row.");
            }

            for (int c = 0; c < 3; c++)
            {
                int rowsPerCall = buffers[c].Length;
                for (int r = 0; r < rowsPerCall; r++)
                {
                    buffers[c][r].CopyTo(planes[c].AsSpan((call * rowsPerCall + r) * strides[c], strides[c]));
                }
            }
        }

        decompressor.jpeg_abort_decompress();
        int cw = (width + h - 1) / h, ch = (height + v - 1) / v;
        YCbCrToRgb.Convert(planes[0], strides[0], planes[1], planes[2], strides[1], cw, ch, width, height, h, v, rgb, rgbRowBytes);
    }

    /// <summary>The shared tables (SOI, tables, EOI) and the block's stream (SOI, ...) as one interchange stream.</summary>
    private static byte[] Splice(byte[]? tables, ReadOnlySpan<byte> stored)
    {
        if (tables is not { Length: >= 4 } || stored.Length < 2 || stored[0] != 0xFF || stored[1] != 0xD8)
        {
            return stored.ToArray();
        }

        int tablesEnd = tables[^2] == 0xFF && tables[^1] == 0xD9 ? tables.Length - 2 : tables.Length;
        var spliced = new byte[tablesEnd + stored.Length - 2];
        tables.AsSpan(0, tablesEnd).CopyTo(spliced);
        stored[2..].CopyTo(spliced.AsSpan(tablesEnd));
        return spliced;
    }

    /// <summary>Drops LibJpeg.NET's warnings (it prints them to the console by default); errors still throw.</summary>
    private sealed class QuietErrorManager : jpeg_error_mgr
    {
        public override void output_message()
        {
        }
    }
}
