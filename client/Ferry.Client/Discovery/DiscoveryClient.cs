using System.Net.Http.Json;
using Ferry.Client.Storage;
using Ferry.Transport;

namespace Ferry.Client.Discovery;

/// <summary>Asks a server's discovery endpoint where its framed and HTTPS ports are.</summary>
internal static class DiscoveryClient
{
    public static async Task<DiscoveryDocument> FetchAsync(ServerAddress server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = timeout };
        var uri = new Uri($"http://{server}/api/v1/discovery");
        DiscoveryDocument? document;
        try
        {
            document = await http.GetFromJsonAsync(uri, ClientJsonContext.Default.DiscoveryDocument, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new HttpRequestException($"discovery at {uri} did not answer a discovery document: {ex.Message}", ex);
        }

        if (document is null)
        {
            throw new HttpRequestException($"discovery at {uri} answered null");
        }

        // Fill in what an older or minimal server may leave out, per the documented defaults.
        return document with
        {
            Host = string.IsNullOrWhiteSpace(document.Host) ? server.Host : document.Host,
            FramedPort = document.FramedPort > 0 ? document.FramedPort : ProtocolDefaults.FramedPort,
            HttpsPort = document.HttpsPort > 0 ? document.HttpsPort : ProtocolDefaults.HttpsPort,
        };
    }
}
