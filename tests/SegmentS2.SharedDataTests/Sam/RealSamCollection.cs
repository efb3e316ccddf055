namespace SegmentS2.SharedDataTests.Sam;

/// <summary>Shares one real-architecture SAM export among the test classes that need it.</summary>
[CollectionDefinition(Name)]
public sealed class RealSamCollection : ICollectionFixture<RealSamExport>
{
    public const string Name = "Real SAM export";
}
