using Microsoft.ML.OnnxRuntime;
using SegmentS2.Sam;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Sam;

public sealed class SamSessionOptionsHookTests : IClassFixture<SamContractModels>
{
    private readonly SamContractModels models;

    public SamSessionOptionsHookTests(SamContractModels models) => this.models = models;

    [Fact]
    public void Intra_op_threads_default_to_the_cores_the_process_may_use()
    {
        Assert.Equal(Environment.ProcessorCount, new SamSessionOptions().IntraOpNumThreads);
        Assert.Equal(Environment.ProcessorCount, SamSessionOptions.DefaultIntraOpNumThreads);
        Assert.True(SamSessionOptions.DefaultIntraOpNumThreads >= 1);
    }

    [Fact]
    public async Task The_hook_sees_each_model_after_the_librarys_settings_and_its_settings_reach_onnx_runtime()
    {
        string folder = Directory.CreateTempSubdirectory("segment-s2-ort-profile").FullName;
        try
        {
            var seen = new List<(SamModelRole Role, int Threads, GraphOptimizationLevel Level)>();
            var options = new SamSessionOptions
            {
                IntraOpNumThreads = 1,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC,
                ConfigureSessionOptions = (role, ort) =>
                {
                    seen.Add((role, ort.IntraOpNumThreads, ort.GraphOptimizationLevel));
                    ort.ProfileOutputPathPrefix = Path.Combine(folder, role.ToString());
                    ort.EnableProfiling = true;
                },
            };

            using (var session = models.Open(options))
            {
                var embedding = await session.GetEmbeddingAsync(NchwInput(1, "hook-chip"));
                var mask = new byte[Size * Size];
                await session.DecodeAsync(embedding, Prompt(Call((100, 120, 1))), mask);
            }

            Assert.Equal([(SamModelRole.Encoder, 1, GraphOptimizationLevel.ORT_ENABLE_BASIC), (SamModelRole.Decoder, 1, GraphOptimizationLevel.ORT_ENABLE_BASIC)], seen);
            // ONNX Runtime writes a profile only when the hook's EnableProfiling reached it: one per model.
            Assert.Single(Directory.GetFiles(folder, "Encoder*.json"));
            Assert.Single(Directory.GetFiles(folder, "Decoder*.json"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_provider_onnx_runtime_lacks_fails_the_load_with_a_typed_error_naming_the_model()
    {
        var options = new SamSessionOptions
        {
            ConfigureSessionOptions = (_, ort) => ort.AppendExecutionProvider("NoSuchExecutionProvider"),
        };

        var error = Assert.Throws<SamModelLoadException>(() => models.Open(options));

        Assert.Contains(Path.GetFileName(models.NchwEncoder), error.Message);
        Assert.Contains("NoSuchExecutionProvider", error.Message + error.InnerException?.Message);
    }
}
