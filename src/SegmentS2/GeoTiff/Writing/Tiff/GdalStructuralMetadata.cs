using System.Text;

namespace SegmentS2.GeoTiff.Writing.Tiff;

/// <summary>
/// GDAL's "ghost" structural metadata: text placed right after the TIFF header that tells a reader the
/// file has its IFDs before the data, tiles in row-major order, a 4-byte size before each tile and
/// the tile's last 4 bytes repeated after it (what GDAL's COG driver writes and <c>gdalinfo</c>
/// reports as LAYOUT=COG). The trailing space is GDAL's: it rewrites "NO\n " to "YES\n" when a file is
/// edited in place.
/// </summary>
internal static class GdalStructuralMetadata
{
    private const string Body =
        "LAYOUT=IFDS_BEFORE_DATA\n" +
        "BLOCK_ORDER=ROW_MAJOR\n" +
        "BLOCK_LEADER=SIZE_AS_UINT4\n" +
        "BLOCK_TRAILER=LAST_4_BYTES_REPEATED\n" +
        "KNOWN_INCOMPATIBLE_EDITION=NO\n" +
        " ";

    /// <summary>The ASCII bytes to write after the header.</summary>
    public static byte[] Bytes { get; } = Encoding.ASCII.GetBytes($"GDAL_STRUCTURAL_METADATA_SIZE={Body.Length:D6} bytes\n{Body}");
}
