using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Authentication;
using System.Text.Json;
using Ferry.Client.Storage;
using Ferry.Transport.Errors;

namespace Ferry.Client.Admin;

/// <summary>
/// The appliance's REST admin API over HTTPS, authenticated with a session token from the framed protocol.
/// The HTTPS port serves the same certificate as the framed port, so the same pinning decides trust.
/// </summary>
internal static class AdminApi
{
    public static async Task<CreatedAccount> CreateAccountAsync(
        Uri apiBase,
        string sessionToken,
        CreateAccountBody body,
        RemoteCertificateValidationCallback validateCertificate,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = validateCertificate,
            },
        };
        using var http = new HttpClient(handler) { Timeout = timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, "api/v1/admin/accounts"))
        {
            Content = JsonContent.Create(body, ClientJsonContext.Default.CreateAccountBody),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sessionToken);

        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.CreatedAccount, cancellationToken).ConfigureAwait(false)
                ?? throw new FerryException(ErrorCode.Internal, "the server answered an empty account");
        }

        throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns an error answer into the same exception a framed Error frame becomes.</summary>
    private static async Task<FerryException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (JsonSerializer.Deserialize(text, ClientJsonContext.Default.RestErrorBody)?.Error is { } error)
            {
                return new FerryException((ErrorCode)error.Code, error.Message ?? error.Name ?? $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (JsonException)
        {
            // Not our envelope (a proxy's page, say): fall through to the status code.
        }

        ErrorCode code = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => ErrorCode.Unauthenticated,
            HttpStatusCode.Forbidden => ErrorCode.Forbidden,
            HttpStatusCode.NotFound => ErrorCode.NotFound,
            HttpStatusCode.Conflict => ErrorCode.Conflict,
            HttpStatusCode.TooManyRequests => ErrorCode.RateLimited,
            HttpStatusCode.ServiceUnavailable => ErrorCode.Unavailable,
            >= HttpStatusCode.InternalServerError => ErrorCode.Internal,
            _ => ErrorCode.BadRequest,
        };
        string detail = text.Length > 200 ? text[..200] : text;
        return new FerryException(code, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {detail}".TrimEnd(' ', ':'));
    }
}
