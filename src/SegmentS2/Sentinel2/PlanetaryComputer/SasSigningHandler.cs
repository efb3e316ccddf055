using System.Net;
using Microsoft.Extensions.Logging;
using SegmentS2.Sentinel2.Http;

namespace SegmentS2.Sentinel2.PlanetaryComputer;

/// <summary>
/// Signs each blob request at send time with the current SAS token, so a token renewed mid-scene is
/// picked up by every later range read. When storage refuses a request (403: the token expired or
/// was revoked early) the token is dropped, a fresh one fetched and the request sent once more.
/// The request keeps its unsigned URL, so errors and logs downstream never see the token.
/// </summary>
internal sealed class SasSigningHandler(PlanetaryComputerSigner signer, string collection, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri!;
        var resolved = signer.Resolve(original);
        if (!signer.NeedsSigning(resolved))
        {
            request.RequestUri = resolved;
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                request.RequestUri = original;
            }
        }

        for (int attempt = 0; ; attempt++)
        {
            var token = await signer.Tokens.GetAsync(collection, cancellationToken).ConfigureAwait(false);
            request.RequestUri = PlanetaryComputerSigner.AppendToken(resolved, token.Value);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                request.RequestUri = original;
            }

            response.RequestMessage = request;
            if (response.StatusCode != HttpStatusCode.Forbidden || attempt > 0)
            {
                return response;
            }

            logger.LogWarning("Storage refused the SAS token for {Url} (403); fetching a new token and retrying once", UrlRedaction.WithoutQuery(original));
            signer.Tokens.Invalidate(token);
            response.Dispose();
        }
    }
}
