using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Xunit;

namespace Ferry.AdminWeb.Tests;

/// <summary>Arranging the directory through the REST API (as the super administrator), and reading it back to assert.</summary>
internal static class DirectoryData
{
    private const string Directory = "/api/v1/admin/directory";

    public static async Task<long> DepartmentAsync(this AdminApi api, string name, long parentId = 0)
    {
        using HttpResponseMessage response = await api.Http.PostAsync(Directory + "/departments", AdminApi.Json(new JsonObject { ["name"] = name, ["parentId"] = parentId }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    public static async Task MemberOfAsync(this AdminApi api, long account, long department)
    {
        var body = new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = department, ["primary"] = true }) };
        using HttpResponseMessage response = await api.Http.PutAsync($"{Directory}/accounts/{account}/memberships", AdminApi.Json(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonObject> AccountAsync(this AdminApi api, long account) =>
        (await api.Http.GetFromJsonAsync<JsonObject>($"{Directory}/accounts/{account}"))!;

    /// <summary>Every account name (the fixture's directory is small: one page).</summary>
    public static async Task<List<string>> AccountNamesAsync(this AdminApi api)
    {
        JsonObject list = (await api.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/accounts?limit=1000"))!;
        return list["accounts"]!.AsArray().Select(a => a!["account"]!.GetValue<string>()).ToList();
    }

    public static async Task<List<string>> TopDepartmentNamesAsync(this AdminApi api)
    {
        JsonObject list = (await api.Http.GetFromJsonAsync<JsonObject>(Directory + "/departments"))!;
        return list["departments"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ToList();
    }

    /// <summary>The message of the error the API answers a call with, to compare with what the page shows.</summary>
    public static async Task<string> ErrorOfAsync(HttpResponseMessage response)
    {
        Assert.False(response.IsSuccessStatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["message"]!.GetValue<string>();
    }
}
