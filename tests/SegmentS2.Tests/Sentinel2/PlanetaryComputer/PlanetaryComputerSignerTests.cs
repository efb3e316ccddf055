using SegmentS2.Sentinel2.PlanetaryComputer;

namespace SegmentS2.Tests.Sentinel2.PlanetaryComputer;

public class PlanetaryComputerSignerTests
{
    private static PlanetaryComputerSigner Create(Uri? overrideEndpoint, StubHttpHandler handler)
    {
        var options = new PlanetaryComputerOptions { BlobEndpointOverride = overrideEndpoint };
        return new PlanetaryComputerSigner(new SasTokenProvider(new HttpClient(handler), options), options);
    }

    private static StubHttpHandler TokenServer() =>
        new((_, _, _) => StubHttpHandler.Json("""{"msft:expiry":"2999-01-01T00:00:00Z","token":"st=1&sig=abc"}"""));

    [Fact]
    public async Task Blob_hrefs_get_the_token_appended_after_a_question_mark()
    {
        var signer = Create(null, TokenServer());
        var href = new Uri("https://sentinel2l2a01.blob.core.windows.net/sentinel2-l2/60/V/UK/B04_10m.tif");
        var signed = await signer.SignAsync(href);
        Assert.Equal(href.AbsoluteUri + "?st=1&sig=abc", signed.AbsoluteUri);
    }

    [Fact]
    public async Task Other_hosts_are_not_signed_and_no_token_is_fetched()
    {
        var handler = TokenServer();
        var signer = Create(null, handler);
        var href = new Uri("https://sentinel-cogs.s3.us-west-2.amazonaws.com/x/B04.tif");
        Assert.Equal(href, await signer.SignAsync(href));
        Assert.False(signer.NeedsSigning(new Uri("https://evil.com/blob.core.windows.net.tif")));
        Assert.False(signer.NeedsSigning(new Uri("https://blob.core.windows.net.evil.com/x")));
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task Override_maps_blob_hosts_to_the_mirror_and_still_signs()
    {
        var signer = Create(new Uri("http://127.0.0.1:5000/blob"), TokenServer());
        var href = new Uri("https://sentinel2l2a01.blob.core.windows.net/sentinel2-l2/a/B04.tif");
        Assert.Equal("http://127.0.0.1:5000/blob/sentinel2l2a01/sentinel2-l2/a/B04.tif", signer.Resolve(href).AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/blob/sentinel2l2a01/sentinel2-l2/a/B04.tif?st=1&sig=abc", (await signer.SignAsync(href)).AbsoluteUri);
    }

    [Fact]
    public void Existing_query_gets_an_ampersand()
    {
        var signed = PlanetaryComputerSigner.AppendToken(new Uri("https://a.blob.core.windows.net/c/x.tif?v=1"), "sig=z");
        Assert.Equal("https://a.blob.core.windows.net/c/x.tif?v=1&sig=z", signed.AbsoluteUri);
    }
}
