namespace SegmentS2.Tests.Workflow;

/// <summary>
/// The classes that run the workflow on the demo scene share one <see cref="DemoWorkflowFixture"/> and run one after the
/// other: the test host's working set is shared with the bounded-memory tests (Reliability/LargeArea).
/// </summary>
[CollectionDefinition(Name)]
public sealed class DemoWorkflowCollection : ICollectionFixture<DemoWorkflowFixture>
{
    public const string Name = "Demo workflow";
}
