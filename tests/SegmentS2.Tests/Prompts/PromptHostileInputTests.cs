using SegmentS2.Prompts;
using SegmentS2.Raster;
using static SegmentS2.Tests.Prompts.PromptGeoJson;

namespace SegmentS2.Tests.Prompts;

/// <summary>Mangled prompt files fail only with SegmentS2's typed exceptions, never with a runtime one.</summary>
public class PromptHostileInputTests
{
    [Fact]
    public void Mutated_geojson_fails_only_with_typed_errors()
    {
        var encoder = new GeoJsonPromptEncoder();
        string valid = Collection(Point(10, 20, "1"), Box(5, 5, 50, 50, "1"), Point(900, 30, "\"b\"", "0"), Point(1500, 40, "\"b\""));
        const string alphabet = "{}[],:\"0123456789.-eEtruefalsnl ";
        var random = new Random(1234);
        int typed = 0;
        for (int i = 0; i < 2000; i++)
        {
            var chars = valid.ToCharArray().ToList();
            for (int m = random.Next(1, 4); m > 0; m--)
            {
                int at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: chars.RemoveAt(at); break;
                    default: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }

            string text = new(chars.ToArray());
            try
            {
                var set = encoder.Prepare(encoder.ReadGeoJson(text), Epsg, Transform, RasterBounds, Epsg);
                foreach (var chip in new[] { new PixelWindow(0, 0, 1024, 1024), new PixelWindow(1024, 0, 1024, 1024) })
                {
                    _ = encoder.ForChip(set, chip);
                }
            }
            catch (SegmentS2Exception)
            {
                typed++;
            }
        }

        // Most mutations break the file; every break was reported with a typed exception (anything else fails the test).
        Assert.True(typed > 1000, $"only {typed} of 2000 mutations were rejected");
    }
}
