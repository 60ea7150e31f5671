using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ferry.Testing;

/// <summary>The appliance's REST API over HTTPS, pinned to the server's certificate fingerprint.</summary>
public sealed class AdminApi : IDisposable
{
    private readonly HttpClient _http;

    public AdminApi(FerrydProcess server)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData())) == server.Fingerprint;
        _http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{server.HttpsPort}") };
        Server = server;
    }

    public FerrydProcess Server { get; }

    public HttpClient Http => _http;

    public string? Token { get; private set; }

    public async Task LoginAsAdminAsync()
    {
        using HttpResponseMessage response = await _http.PostAsync("/api/v1/auth/login", Json(new JsonObject { ["account"] = "admin", ["password"] = Server.AdminPassword, ["deviceId"] = "test-admin" }));
        response.EnsureSuccessStatusCode();
        JsonObject body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Token = body["token"]!.GetValue<string>();
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task<long> CreateAccountAsync(string account, string password)
    {
        using HttpResponseMessage response = await _http.PostAsync("/api/v1/admin/accounts", Json(new JsonObject { ["account"] = account, ["password"] = password }));
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"create account {account}: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!["id"]!.GetValue<long>();
    }

    /// <summary>Creates a department under <paramref name="parentId"/> (0: the top level) and returns its id.</summary>
    public async Task<long> CreateDepartmentAsync(string name, long parentId)
    {
        using HttpResponseMessage response = await _http.PostAsync("/api/v1/admin/directory/departments", Json(new JsonObject { ["name"] = name, ["parentId"] = parentId }));
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"create department {name}: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!["id"]!.GetValue<long>();
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    public void Dispose() => _http.Dispose();
}
