using Ferry.Appliance.Configuration;
using Ferry.Appliance.Hosting;
using Ferry.Appliance.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Appliance.Discovery;

/// <summary>What a client needs to find the appliance's services (docs/protocol.md, "Discovery"); the name is the enterprise name.</summary>
internal sealed record DiscoveryDocument(string Name, string Host, int FramedPort, int HttpsPort, string Fingerprint, uint ProtocolVersion);

internal static class DiscoveryEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/discovery", (HttpContext context, FerryOptions options, BoundEndpoints bound, TlsIdentity tls, Enterprise.EnterpriseService enterprise) =>
        {
            string host = options.PublicHost ?? context.Request.Host.Host;
            var document = new DiscoveryDocument(enterprise.Current.Name, host, bound.FramedPort, bound.HttpsPort, tls.Fingerprint, Transport.ProtocolDefaults.Version);
            return Results.Json(document, ApiJson.Default.DiscoveryDocument);
        });
    }
}
