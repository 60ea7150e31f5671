using System.Net.Sockets;
using System.Security.Authentication;
using Ferry.Client.Security;
using Ferry.Transport.Errors;

namespace Ferry.Cli.Output;

/// <summary>
/// How a failure is reported: server errors keep their wire code and name; failures on this side have code 0 and
/// a name saying what failed (network, timeout, untrusted_certificate).
/// </summary>
internal static class ErrorReport
{
    public static (uint Code, string Name, string Message) Describe(Exception exception) => exception switch
    {
        FerryException ferry => ((uint)ferry.Code, ErrorCodes.Name(ferry.Code), ferry.Message),
        CertificateTrustException trust => (0, "untrusted_certificate", trust.Message),
        TimeoutException timeout => (0, "timeout", timeout.Message),
        HttpRequestException or SocketException or IOException or AuthenticationException => (0, "network", WithCauses(exception)),
        _ => (0, "client_error", WithCauses(exception)),
    };

    /// <summary>"Connection refused" alone does not say to what; inner messages usually do.</summary>
    private static string WithCauses(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (!messages.Any(m => m.Contains(e.Message, StringComparison.Ordinal)))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(": ", messages);
    }
}
