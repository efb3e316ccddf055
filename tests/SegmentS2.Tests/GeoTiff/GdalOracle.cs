using SegmentS2.Tests.TestSupport;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentS2.Tests.GeoTiff;

/// <summary>Runs <c>gdal_oracle.py</c> under /usr/bin/python3 (the interpreter with osgeo.gdal): GDAL is the test oracle.</summary>
public static class GdalOracle
{
    public const string Python = PythonOracle.Interpreter;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static string Script => Path.Combine(AppContext.BaseDirectory, "GeoTiff", "gdal_oracle.py");

    /// <summary>Writes every case with GDAL into <paramref name="directory"/> and returns GDAL's description of each file, by case name.</summary>
    public static Dictionary<string, OracleDescription> Generate(string directory, IEnumerable<CorpusCase> cases)
    {
        string input = JsonSerializer.Serialize(cases, Json);
        Dictionary<string, OracleDescription> byPath = Run(["generate", directory], input);
        return byPath.ToDictionary(kv => Path.GetFileNameWithoutExtension(kv.Key), kv => kv.Value);
    }

    /// <summary>GDAL's description of existing files, by path.</summary>
    public static Dictionary<string, OracleDescription> Describe(IEnumerable<string> files) => Run(["describe", .. files], null);

    /// <summary>Band 1's blocks as GDAL's TIFF metadata domain lists them: column, row, file offset, byte count.</summary>
    public static long[][] Blocks(string file)
    {
        using JsonDocument doc = JsonDocument.Parse(RunRaw(["blocks", file], null));
        return doc.RootElement.GetProperty("blocks").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
    }

    /// <summary>Every band's pixels as GDAL reads them, band after band (row-major, little-endian, native type).</summary>
    public static byte[] Pixels(string file)
    {
        string output = Path.Combine(Path.GetTempPath(), $"segments2-gdal-pixels-{Guid.NewGuid():N}.bin");
        try
        {
            RunRaw(["pixels", file, output], null);
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static Dictionary<string, OracleDescription> Run(string[] args, string? input) =>
        JsonSerializer.Deserialize<OracleOutput>(RunRaw(args, input), Json)!.Files;

    private static string RunRaw(string[] args, string? input) =>
        PythonOracle.RunFile(Script, args, input ?? string.Empty, TimeSpan.FromMinutes(3));

    private sealed record OracleOutput(Dictionary<string, OracleDescription> Files);
}

/// <summary>What GDAL reads from one file (see gdal_oracle.py); <see cref="Error"/> is set when GDAL could not.</summary>
public sealed record OracleDescription(
    string? Error,
    int Width,
    int Height,
    int BandCount,
    string? DataType,
    int? Epsg,
    double[]? GeoTransform,
    JsonElement? NoData,
    string[]? BandSha256,
    OracleOverview[]? Overviews,
    int[]? Block,
    string? Compression,
    string? Interleave,
    double?[]? Scales,
    double?[]? Offsets,
    string[]? Descriptions);

/// <summary>One overview as GDAL reads it: size and band 1's SHA-256.</summary>
public sealed record OracleOverview(int[] Size, string Sha256);
