using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ferry.Appliance.Hosting;

/// <summary>The ports actually listened on (differs from the configuration when it asked for port 0).</summary>
internal sealed class BoundEndpoints
{
    private ListenOptions? _discovery;
    private ListenOptions? _framed;
    private ListenOptions? _https;

    public int DiscoveryPort => _discovery?.IPEndPoint?.Port ?? 0;

    public int FramedPort => _framed?.IPEndPoint?.Port ?? 0;

    public int HttpsPort => _https?.IPEndPoint?.Port ?? 0;

    public void Capture(ListenOptions discovery, ListenOptions framed, ListenOptions https)
    {
        _discovery = discovery;
        _framed = framed;
        _https = https;
    }
}
