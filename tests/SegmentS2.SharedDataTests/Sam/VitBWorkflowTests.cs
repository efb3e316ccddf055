using Xunit.Abstractions;

namespace SegmentS2.SharedDataTests.Sam;

/// <summary>SAM vit_b's real graph through the shared body of <see cref="RealSamWorkflowTests{TExport}"/>.</summary>
public sealed class VitBWorkflowTests(VitBExport export, ITestOutputHelper output) : RealSamWorkflowTests<VitBExport>(export, output)
{
    // SAM ViT-B's image encoder: 89,670,912 parameters, every one in the traced graph, float32 -> a ~359 MB model.
    protected override long ExpectedEncoderParameters => 89_670_912;

    protected override long ExpectedTracedParameters => 89_670_912;

    protected override long ExpectedEncoderFloats => 89_670_912;

    [Fact]
    public void Export_NeedsNoBatchNormCalibrationOrBatchPatch()
    {
        Assert.Equal(0, Export.BatchNormCalibrated);
        Assert.False(Export.EncoderBatchPatched);
    }
}
