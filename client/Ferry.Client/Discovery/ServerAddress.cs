using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Client.Discovery;

/// <summary>
/// Where the user said the server is: "HOST", "HOST:PORT", "[::1]:PORT" (or a bare IPv6 literal).
/// The port is the discovery (HTTP) port, 7080 unless given.
/// </summary>
public readonly record struct ServerAddress(string Host, int Port)
{
    /// <summary>"host:port", with IPv6 literals in brackets: the form used for known_hosts keys and URIs.</summary>
    public override string ToString() => Format(Host, Port);

    public static string Format(string host, int port) =>
        string.Create(CultureInfo.InvariantCulture, $"{FormatHost(host)}:{port}");

    /// <summary>The host as it goes into a URI authority: IPv6 literals need brackets.</summary>
    private static string FormatHost(string host) =>
        IPAddress.TryParse(host, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host;

    public static ServerAddress Parse(string text, int defaultPort = Transport.ProtocolDefaults.DiscoveryPort) =>
        TryParse(text, defaultPort, out ServerAddress address, out string? error)
            ? address
            : throw new FormatException(error);

    public static bool TryParse(string? text, int defaultPort, out ServerAddress address, out string? error)
    {
        address = default;
        error = null;
        string s = text?.Trim() ?? string.Empty;
        if (s.Length == 0)
        {
            error = "server address is empty";
            return false;
        }

        string host;
        string? portText = null;
        if (s[0] == '[')
        {
            int close = s.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"server address '{s}' has '[' without ']'";
                return false;
            }

            host = s[1..close];
            string rest = s[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    error = $"server address '{s}' has text after ']' that is not ':PORT'";
                    return false;
                }

                portText = rest[1..];
            }
        }
        else
        {
            int first = s.IndexOf(':', StringComparison.Ordinal);
            int last = s.LastIndexOf(':');
            if (first >= 0 && first == last)
            {
                host = s[..first];
                portText = s[(first + 1)..];
            }
            else
            {
                // No colon, or several: a bare IPv6 literal without a port.
                host = s;
            }
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace) || host.Contains('/', StringComparison.Ordinal))
        {
            error = $"server address '{s}' has no valid host";
            return false;
        }

        int port = defaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"server address '{s}' has an invalid port '{portText}'";
            return false;
        }

        address = new ServerAddress(host, port);
        return true;
    }
}
