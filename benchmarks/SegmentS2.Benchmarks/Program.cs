using BenchmarkDotNet.Running;
using SegmentS2.Benchmarks.RealSam;

namespace SegmentS2.Benchmarks;

/// <summary>
/// Runs the benchmark suites: <c>dotnet run -c Release --project benchmarks/SegmentS2.Benchmarks -- --filter '*'</c>;
/// <c>-- real-sam-ratio</c> runs the real-SAM cost and memory comparison (<see cref="RealSamRatio"/>); <c>-- many-fields</c> the per-field cost of a large layer in one chip (<see cref="Batch.ManyFields"/>); <c>-- auto-chip-ratio</c> one chip of automatic segmentation against ONNX Runtime (<see cref="AutoChipRatio"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == RealSamRatio.Command)
        {
            return await RealSamRatio.MainAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == RealSamBatchRatio.Command)
        {
            return await RealSamBatchRatio.MainAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == AutoChipRatio.Command)
        {
            return await AutoChipRatio.MainAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == Batch.ManyFields.Command)
        {
            return await Batch.ManyFields.MainAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
