using System.Net.Http.Headers;
using System.Net;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Sentinel2;
using SegmentS2.Tests.Reliability.Fuzzing;
using SegmentS2.Tests.Sentinel2;
using Xunit.Abstractions;

namespace SegmentS2.SharedDataTests.Reliability.Fuzzing;

/// <summary>
/// Whole searches of the Planetary Computer and Earth Search sources against a server that answers
/// mutated pages: mutated JSON (and bytes that are not UTF-8), odd status codes and content types,
/// next links that loop or lead nowhere. Every response served counts as one input.
/// </summary>
public sealed class StacSearchFuzzTests(ITestOutputHelper log)
{
    private static readonly HttpStatusCode[] OddStatuses =
        [HttpStatusCode.NoContent, HttpStatusCode.Found, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound,
         HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, (HttpStatusCode)299];

    private static readonly string?[] ContentTypes = ["application/geo+json", "application/json", "text/html", "text/plain", null, "application/geo+json; charset=utf-16"];

    private static readonly JsonObject LastPage = new() { ["type"] = "FeatureCollection", ["features"] = new JsonArray(), ["links"] = new JsonArray() };

    [Fact]
    public async Task Mutated_search_responses_raise_only_typed_errors()
    {
        int iterations = FuzzSettings.Iterations(1200);
        var seeds = StacFuzzSeeds.Pages();
        var mutator = new JsonMutator(FuzzSettings.Seed + 2);
        var rng = mutator.Random;
        var tally = new FuzzTally("STAC search responses");
        int responses = 0, searches = 0, pageInSearch = 0;
        var seed = seeds[0];
        string lastBody = "";

        var handler = new StubHttpHandler((request, body, n) =>
        {
            responses++;
            pageInSearch++;
            // First page: a mutated seed. Later pages: half the time a valid last page, else a mutated seed or last page.
            int pick = pageInSearch == 1 ? 0 : rng.Next(4);
            byte[] bytes = pick switch
            {
                0 => mutator.MutateBytes(seed),
                1 => mutator.MutateBytes(LastPage),
                _ => System.Text.Encoding.UTF8.GetBytes(LastPage.ToJsonString()),
            };
            lastBody = System.Text.Encoding.UTF8.GetString(bytes);
            var status = rng.Next(10) == 0 ? OddStatuses[rng.Next(OddStatuses.Length)] : HttpStatusCode.OK;
            var content = new ByteArrayContent(bytes);
            string? type = rng.Next(6) == 0 ? ContentTypes[rng.Next(ContentTypes.Length)] : "application/geo+json";
            if (type is not null)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }

            return new HttpResponseMessage(status) { Content = content };
        });

        // No retries: each response is one input; the buffering handler and the pipeline still run.
        using var client = S2HttpResilience.CreateClient(new S2HttpResilienceOptions { MaxRetryAttempts = 0 }, handler);
        var stac = new StacClientOptions { MaxPages = 4, MaxResponseBytes = 4 * 1024 * 1024 };
        using var pc = new PlanetaryComputerSource(client, new PlanetaryComputerOptions { ApiUrl = new Uri("https://pc.test/api"), Stac = stac });
        var es = new EarthSearchSource(client, new EarthSearchOptions { ApiUrl = new Uri("https://es.test/v1"), Stac = stac });

        while (responses < iterations)
        {
            seed = seeds[searches % seeds.Length];
            IS2Source source = searches % 2 == 0 ? pc : es;
            var request = new S2SearchRequest(RoiOf(seed), new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
            int before = responses;
            pageInSearch = 0;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            Exception? failure = null;
            try
            {
                var scenes = await source.SearchAsync(request);
                Assert.NotEmpty(scenes);
                Assert.All(scenes, s => Assert.NotEmpty(s.Items));
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            // One outcome per search; the pages it followed beyond the first are inputs too.
            tally.Record(searches, lastBody, failure, sw.Elapsed);
            tally.AddInputs(responses - before - 1);
            searches++;
        }

        tally.AssertClean(log, iterations);
        log.WriteLine($"{searches} searches, {responses} responses served");
        Assert.True(tally.Outcomes.GetValueOrDefault(nameof(StacApiException)) > 0);
    }

    // The envelope of the seed's first feature, so that searches that survive the mutations find items.
    private static Geometry RoiOf(JsonObject page)
    {
        var envelope = new Envelope();
        void Walk(JsonNode? node)
        {
            if (node is JsonArray { Count: >= 2 } a && a[0] is JsonValue x && a[1] is JsonValue y && x.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            {
                envelope.ExpandToInclude(x.GetValue<double>(), y.GetValue<double>());
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array)
                {
                    Walk(child);
                }
            }
        }

        Walk(page["features"]?.AsArray().FirstOrDefault()?["geometry"]?["coordinates"]);
        return new GeometryFactory().ToGeometry(envelope);
    }
}
