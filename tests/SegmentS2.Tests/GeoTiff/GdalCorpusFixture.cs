namespace SegmentS2.Tests.GeoTiff;

/// <summary>Generates the GDAL corpus once into a temporary folder, with GDAL's description of every file.</summary>
public sealed class GdalCorpusFixture : IDisposable
{
    public GdalCorpusFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"segments2-gdal-corpus-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Oracle = GdalOracle.Generate(Directory, GdalCorpus.Cases.Concat(GdalCorpus.Refused.Values.Select(r => r.Case)));
    }

    /// <summary>Folder holding the corpus files.</summary>
    public string Directory { get; }

    /// <summary>GDAL's description of each file, by case name.</summary>
    public IReadOnlyDictionary<string, OracleDescription> Oracle { get; }

    /// <summary>Path of a case's file.</summary>
    public string PathOf(string name) => Path.Combine(Directory, name + ".tif");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GdalCorpusCollection : ICollectionFixture<GdalCorpusFixture>
{
    public const string Name = "GDAL corpus";
}
