using System.Globalization;

namespace SegmentS2.Tests.Reliability.Fuzzing;

/// <summary>
/// How many inputs each fuzzer tries: a fixed-seed subset in CI, or <c>SEGMENTS2_FUZZ_ITERATIONS</c>
/// per parser for the full run (docs/reliability.md records its counts).
/// </summary>
internal static class FuzzSettings
{
    public const string IterationsVariable = "SEGMENTS2_FUZZ_ITERATIONS";

    /// <summary>The seed of every fuzzer, so a CI failure replays exactly.</summary>
    public const int Seed = 20240611;

    public static int Iterations(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : ciDefault;
}
