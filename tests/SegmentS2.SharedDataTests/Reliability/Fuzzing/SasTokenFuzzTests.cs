using System.Net.Http.Headers;
using System.Net;
using System.Text.Json.Nodes;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Tests.Reliability.Fuzzing;
using SegmentS2.Tests.Sentinel2;
using Xunit.Abstractions;

namespace SegmentS2.SharedDataTests.Reliability.Fuzzing;

/// <summary>
/// Mutated SAS token responses through the token provider and the signer: the token must either sign
/// a blob URL or be refused with a <see cref="SasTokenException"/>.
/// </summary>
public sealed class SasTokenFuzzTests(ITestOutputHelper log)
{
    private static readonly Uri Blob = new("https://sentinel2l2a01.blob.core.windows.net/sentinel2-l2/31/U/DQ/2023/06/15/B04.tif");

    [Fact]
    public async Task Mutated_token_responses_raise_only_token_errors()
    {
        int iterations = FuzzSettings.Iterations(3000);
        var seeds = new[]
        {
            JsonNode.Parse(File.ReadAllText(SharedData.Stac("pc_sas_token_response_example_issue295.json")))!,
            new JsonObject { ["msft:expiry"] = "2031-06-15T12:00:00Z", ["token"] = "st=2031-06-15T11%3A00%3A00Z&se=2031-06-15T12%3A00%3A00Z&sp=rl&sv=2021-06-08&sr=c&sig=loopback000001abcd" },
            new JsonObject { ["token"] = "?se=2031-01-01&sig=a%2Bb%3D", ["msft:expiry"] = "2031-01-01T00:00:00.000000+00:00", ["extra"] = new JsonArray(1, 2) },
        };
        var clock = new ManualTimeProvider(new DateTimeOffset(2023, 6, 15, 10, 0, 0, TimeSpan.Zero));
        var mutator = new JsonMutator(FuzzSettings.Seed + 3);
        var rng = mutator.Random;
        var tally = new FuzzTally("SAS token responses");
        byte[] body = [];
        var handler = new StubHttpHandler((_, _, _) =>
        {
            var status = rng.Next(12) == 0 ? (HttpStatusCode)new[] { 204, 301, 403, 404, 429, 500, 503 }[rng.Next(7)] : HttpStatusCode.OK;
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(rng.Next(8) == 0 ? "text/html" : "application/json");
            return new HttpResponseMessage(status) { Content = content };
        });
        using var client = S2HttpResilience.CreateClient(new S2HttpResilienceOptions { MaxRetryAttempts = 0 }, handler);
        var options = new PlanetaryComputerOptions { ApiUrl = new Uri("https://pc.test/api") };

        for (int i = 0; i < iterations; i++)
        {
            body = mutator.MutateBytes(seeds[i % seeds.Length]);
            var provider = new SasTokenProvider(client, options, null, clock);
            var signer = new PlanetaryComputerSigner(provider, options);
            await tally.RunAsync(i, System.Text.Encoding.UTF8.GetString(body), async () =>
            {
                await provider.GetAsync("sentinel-2-l2a");
                var signed = await signer.SignAsync(Blob);
                Assert.StartsWith(Blob.AbsoluteUri + "?", signed.AbsoluteUri, StringComparison.Ordinal);
            });
        }

        tally.AssertClean(log, iterations);
        Assert.True(tally.Accepted > iterations / 20, $"only {tally.Accepted} token responses were usable");
        Assert.True(tally.Outcomes.GetValueOrDefault(nameof(SasTokenException)) > iterations / 10);
    }
}
