namespace SegmentS2.Tests.Reliability.LargeArea;

/// <summary>
/// The large-area tests measure the process's memory and the tool's peak: they run alone, after every parallel test class,
/// so that no other class's allocations or CPU land in their measurements.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeAreaCollection
{
    public const string Name = "Large area (alone)";
}
