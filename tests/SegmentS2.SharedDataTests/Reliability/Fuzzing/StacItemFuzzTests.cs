using System.Text.Json;
using System.Text;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Sentinel2;
using SegmentS2.Tests.Reliability.Fuzzing;
using Xunit.Abstractions;

namespace SegmentS2.SharedDataTests.Reliability.Fuzzing;

/// <summary>
/// Mutated STAC items (still JSON, so every input reaches the parser) through what a source does with
/// an item: parse, find bands, band scaling, footprint envelope, scene grouping and selection.
/// </summary>
public sealed class StacItemFuzzTests(ITestOutputHelper log)
{
    [Fact]
    public void Mutated_items_raise_only_invalid_item_errors()
    {
        int iterations = FuzzSettings.Iterations(3000);
        var seeds = StacFuzzSeeds.Items();
        var mutator = new JsonMutator(FuzzSettings.Seed + 1);
        var tally = new FuzzTally("STAC items");
        var options = new JsonDocumentOptions { MaxDepth = 2048 };
        for (int i = 0; tally.Inputs < iterations; i++)
        {
            string text = mutator.Mutate(seeds[i % seeds.Length], textual: false);
            var bytes = Encoding.UTF8.GetBytes(text);
            if (i % 4 == 3)
            {
                // A byte that is not UTF-8 inside a string: JsonDocument notices only when the string is read.
                int quote = Array.IndexOf(bytes, (byte)'"', mutator.Random.Next(bytes.Length));
                if (quote > 0 && quote + 1 < bytes.Length && bytes[quote + 1] != (byte)'"')
                {
                    bytes[quote + 1] = 0xFF;
                }
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes, options);
            }
            catch (JsonException)
            {
                continue; // not an input to the item parser
            }

            tally.Run(i, text, () =>
            {
                using var parsed = document;
                var item = StacItemParser.Parse(parsed.RootElement);
                foreach (var band in new[] { "B04", "B8A", "SCL" })
                {
                    var asset = item.FindBand(band);
                    var info = S2Reflectance.BandInfo(item, band, asset, applyBoaOffset: true);
                    Assert.True(double.IsFinite(info.Scale) && double.IsFinite(info.Offset), $"band {band} scale {info.Scale} offset {info.Offset}");
                }

                _ = item.Footprint?.EnvelopeInternal;
                var scenes = S2SceneGrouper.Group([item, item with { Id = item.Id + "-reprocessed" }]);
                var selected = S2SceneSelector.Select(scenes.Select(s => new S2SceneCandidate(s, s.CloudCover / 100)),
                    new S2SceneSelection { Policy = S2ScenePolicy.LeastCloudy });
                Assert.Single(selected);
                Assert.False(string.IsNullOrEmpty(scenes[0].Id));
            });
        }

        tally.AssertClean(log, iterations);
        Assert.True(tally.Accepted > iterations / 4, $"only {tally.Accepted} items parsed");
    }
}
