using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>Bulk directory operations on real ferryd processes: import (dry run and real), export, backup and restore.</summary>
public sealed class DirectoryImportApiTests
{
    private const string Admin = "/api/v1/admin/directory";

    [Fact]
    public async Task An_administrator_previews_imports_exports_backs_up_and_restores_into_a_fresh_appliance()
    {
        await using FerrydProcess server = await FerrydProcess.StartNewAsync();
        using var api = new AdminApi(server);
        await api.LoginAsAdminAsync();

        const string bad = "account,displayName,departments,email\nzhangsan,张三,总部/研发部,zs@example.com\nlisi,李四,总部,not-mail\n";
        JsonObject preview = await PostAsync(api.Http, $"{Admin}/import?dryRun=true", Raw(bad, "text/csv"), HttpStatusCode.OK);
        JsonNode error = Assert.Single(preview["errors"]!.AsArray())!;
        Assert.Equal((3, "email"), (error["row"]!.GetValue<int>(), error["column"]!.GetValue<string>()));
        Assert.Equal(["总部", "总部/研发部"], preview["departmentsCreated"]!.AsArray().Select(d => d!.GetValue<string>()));
        JsonObject refused = await PostAsync(api.Http, $"{Admin}/import?dryRun=false", Raw(bad, "text/csv"), HttpStatusCode.BadRequest);
        Assert.False(refused["applied"]!.GetValue<bool>());

        // Multipart upload of a clean file: new accounts, their one-time passwords, and a login with one.
        using var form = new MultipartFormDataContent { { Raw(bad.Replace("not-mail", "ls@example.com", StringComparison.Ordinal), "text/csv"), "file", "directory.csv" } };
        JsonObject imported = await PostAsync(api.Http, $"{Admin}/import?dryRun=false", form, HttpStatusCode.OK);
        Assert.True(imported["applied"]!.GetValue<bool>());
        JsonArray passwords = imported["initialPasswords"]!.AsArray();
        Assert.Equal(["zhangsan", "lisi"], passwords.Select(p => p!["account"]!.GetValue<string>()));
        using (HttpResponseMessage login = await api.Http.PostAsync("/api/v1/auth/login", AdminApi.Json(new JsonObject { ["account"] = "lisi", ["password"] = passwords[1]!["password"]!.GetValue<string>(), ["deviceId"] = "import-test" })))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        string csv = await api.Http.GetStringAsync($"{Admin}/export?format=csv");
        Assert.Contains("zhangsan,张三,总部/研发部", csv, StringComparison.Ordinal);
        byte[] xlsx = await api.Http.GetByteArrayAsync($"{Admin}/export?format=xlsx");
        Assert.Equal("PK"u8.ToArray(), xlsx[..2]);
        var workbook = new ByteArrayContent(xlsx);
        workbook.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        JsonObject again = await PostAsync(api.Http, $"{Admin}/import?dryRun=true", workbook, HttpStatusCode.OK);
        Assert.Empty(again["errors"]!.AsArray());
        Assert.Contains("zhangsan", again["accountsUpdated"]!.AsArray().Select(a => a!.GetValue<string>()));

        // Visibility rules travel with the backup (by account name and department path): lisi hidden, 总部 restricted to itself.
        (long hq, long member) = await HeadquartersAndMemberAsync(api);
        await PutAsync(api.Http, $"{Admin}/visibility/accounts/{member}", new JsonObject { ["hidden"] = true });
        await PutAsync(api.Http, $"{Admin}/visibility/departments/{hq}", new JsonObject { ["contactsHidden"] = true, ["visibleDepartments"] = new JsonArray(hq) });

        byte[] backup = await api.Http.GetByteArrayAsync($"{Admin}/backup");
        await PostAsync(api.Http, $"{Admin}/restore", Bytes(backup), HttpStatusCode.Conflict);
        await PostAsync(api.Http, $"{Admin}/import", Raw("account\nx\n", "application/json"), HttpStatusCode.BadRequest);

        await using FerrydProcess fresh = await FerrydProcess.StartNewAsync();
        using var freshApi = new AdminApi(fresh);
        await freshApi.LoginAsAdminAsync();
        await PostAsync(freshApi.Http, $"{Admin}/restore", Bytes(backup[..^40]), HttpStatusCode.BadRequest);
        JsonObject restored = await PostAsync(freshApi.Http, $"{Admin}/restore", Bytes(backup), HttpStatusCode.OK);
        Assert.True(restored["applied"]!.GetValue<bool>());
        string freshCsv = await freshApi.Http.GetStringAsync($"{Admin}/export?format=csv");
        Assert.Equal(csv, freshCsv);
        (long freshHq, long freshMember) = await HeadquartersAndMemberAsync(freshApi);
        JsonObject accountRule = await GetAsync(freshApi.Http, $"{Admin}/visibility/accounts/{freshMember}");
        Assert.True(accountRule["hidden"]!.GetValue<bool>());
        JsonObject departmentRule = await GetAsync(freshApi.Http, $"{Admin}/visibility/departments/{freshHq}");
        Assert.True(departmentRule["contactsHidden"]!.GetValue<bool>());
        Assert.Equal([freshHq], departmentRule["visibleDepartments"]!.AsArray().Select(d => d!.GetValue<long>()));

        // Administrators only.
        using var user = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = api.Http.BaseAddress };
        using (HttpResponseMessage login = await user.PostAsync("/api/v1/auth/login", AdminApi.Json(new JsonObject { ["account"] = "lisi", ["password"] = passwords[1]!["password"]!.GetValue<string>(), ["deviceId"] = "import-test-2" })))
        {
            string token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            user.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using HttpResponseMessage forbidden = await user.GetAsync($"{Admin}/export?format=csv");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static StringContent Raw(string text, string mediaType) => new(text, Encoding.UTF8, mediaType);

    private static ByteArrayContent Bytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, string path, HttpContent content, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await http.PostAsync(path, content);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The id of the top-level department 总部 and of its member lisi (ids differ between appliances).</summary>
    private static async Task<(long Department, long Account)> HeadquartersAndMemberAsync(AdminApi api)
    {
        JsonObject top = await GetAsync(api.Http, $"{Admin}/departments?parent=0");
        long hq = top["departments"]!.AsArray().Single(d => d!["name"]!.GetValue<string>() == "总部")!["id"]!.GetValue<long>();
        JsonObject members = await GetAsync(api.Http, $"{Admin}/departments/{hq}/members?limit=100");
        long lisi = members["members"]!.AsArray().Single(m => m!["account"]!.GetValue<string>() == "lisi")!["id"]!.GetValue<long>();
        return (hq, lisi);
    }

    private static async Task<JsonObject> GetAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task PutAsync(HttpClient http, string path, JsonObject body)
    {
        using HttpResponseMessage response = await http.PutAsync(path, AdminApi.Json(body));
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
