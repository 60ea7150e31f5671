using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>REST helpers: clients pinned to the test server's certificate, logged in as anyone or no one.</summary>
internal static class Rest
{
    /// <summary>A client with no credentials (what a login screen has).</summary>
    public static HttpClient Anonymous(FerrydProcess server)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())) == server.Fingerprint;
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri($"https://127.0.0.1:{server.HttpsPort}") };
    }

    public static async Task<HttpClient> LoginAsync(FerrydProcess server, string account, string password, string deviceId = "rest-tests")
    {
        HttpClient client = Anonymous(server);
        using HttpResponseMessage response = await client.PostAsync("/api/v1/auth/login", AdminApi.Json(new JsonObject { ["account"] = account, ["password"] = password, ["deviceId"] = deviceId }));
        if (!response.IsSuccessStatusCode)
        {
            client.Dispose();
            throw new HttpRequestException($"login {account}: {(int)response.StatusCode}");
        }

        JsonObject body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", body["token"]!.GetValue<string>());
        return client;
    }

    /// <summary>Sends a request with any body, asserts its status, and returns the JSON answer (empty for none).</summary>
    public static async Task<JsonObject> SendRawAsync(HttpClient client, HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using HttpResponseMessage response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    public static Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body, HttpStatusCode expected) =>
        SendRawAsync(client, method, path, body is null ? null : AdminApi.Json(body), expected);

    public static ByteArrayContent Image(byte[] data, string? contentType)
    {
        var content = new ByteArrayContent(data);
        if (contentType is not null)
        {
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    public static string Message(JsonObject error) => error["error"]!["message"]!.GetValue<string>();
}
