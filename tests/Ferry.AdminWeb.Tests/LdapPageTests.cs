using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ferry.AdminWeb.Tests;

/// <summary>
/// The LDAP page without an LDAP server (the Ldap test project runs the real slapd): per-field errors, a write-only
/// password, and a preview against an unreachable server that says so.
/// </summary>
[Collection(AdminWebCollection.Name)]
public sealed class LdapPageTests(AdminWebFixture fixture)
{
    [Fact]
    public async Task Settings_are_validated_per_field_saved_with_a_write_only_password_and_an_unreachable_server_is_reported()
    {
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await page.Locator("[data-nav=ldap]").ClickAsync();
        ILocator form = page.GetByTestId("ldap-form");
        await Expect(page.GetByTestId("password-state")).ToHaveTextAsync("No password is stored.");

        // A bind DN without a password and no base DN: both refused, each under its field, nothing stored.
        await form.Locator("input[name=host]").FillAsync("127.0.0.1");
        await form.Locator("select[name=security]").SelectOptionAsync("plain");
        await form.Locator("input[name=bindDn]").FillAsync("cn=ferry,dc=example,dc=com");
        await page.GetByTestId("save-ldap").ClickAsync();
        await Expect(form.Locator("[data-error-for=baseDn]")).ToHaveTextAsync("baseDn: is required");
        await Expect(form.Locator("[data-error-for=bindPassword]")).ToHaveTextAsync("bindPassword: is required when a bind DN is set");
        await Expect(form.Locator("[data-error-for=host]")).ToBeHiddenAsync();
        await AdminPage.ScreenshotAsync(page, "ldap-field-errors");
        using (HttpResponseMessage none = await fixture.Admin.Http.GetAsync("/api/v1/admin/ldap/settings"))
        {
            Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        }

        // A closed loopback port: the preview must fail fast and clearly.
        int closedPort = ClosedPort();
        await form.Locator("input[name=port]").FillAsync(closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await form.Locator("input[name=baseDn]").FillAsync("dc=example,dc=com");
        await form.Locator("input[name=bindPassword]").FillAsync("bind-secret-1");
        await form.Locator("input[name=syncIntervalSeconds]").FillAsync("0");
        await page.GetByTestId("save-ldap").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("LDAP settings saved.");
        await Expect(page.GetByTestId("password-state")).ToHaveTextAsync("A password is stored. It is never shown; type a new one to replace it.");
        await Expect(form.Locator("input[name=bindPassword]")).ToHaveValueAsync(string.Empty);
        JsonObject stored = (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/ldap/settings"))!;
        Assert.Equal("127.0.0.1", stored["host"]!.GetValue<string>());
        Assert.Equal(closedPort, stored["port"]!.GetValue<int>());
        Assert.Equal("plain", stored["security"]!.GetValue<string>());
        Assert.True(stored["bindPasswordSet"]!.GetValue<bool>());
        Assert.False(stored.ContainsKey("bindPassword"));

        await page.GetByTestId("ldap-preview").ClickAsync();
        ILocator failure = page.GetByTestId("ldap-plan").GetByTestId("error");
        await Expect(failure).ToBeVisibleAsync();
        using HttpResponseMessage refused = await fixture.Admin.Http.PostAsync("/api/v1/admin/ldap/preview", AdminApi.Json(new JsonObject()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await Expect(failure).ToContainTextAsync(await DirectoryData.ErrorOfAsync(refused));
        await AdminPage.ScreenshotAsync(page, "ldap-preview-unreachable");

        // Reloading shows the stored settings, the password still only as "stored".
        await page.ReloadAsync();
        await Expect(page.GetByTestId("ldap-form").Locator("input[name=baseDn]")).ToHaveValueAsync("dc=example,dc=com");
        await Expect(page.GetByTestId("password-state")).ToContainTextAsync("A password is stored.");
        Assert.Empty(fixture.CspViolations);
        Assert.Empty(fixture.PageErrors);
    }

    /// <summary>
    /// The freeze guard's confirmation. Stopping a sync needs LDAP-managed accounts and a real LDAP server (proven at
    /// the API level against slapd in Ferry.Ldap.Tests), so here the browser's two sync calls are answered by the
    /// test with the API's documented bodies: what is checked is the page — it explains the stop and confirms with
    /// <c>confirm: true</c>.
    /// </summary>
    [Fact]
    public async Task A_sync_stopped_by_the_freeze_guard_is_explained_and_applied_only_when_confirmed()
    {
        IPage page = await fixture.NewPageAsync();
        var bodies = new List<JsonObject>();
        await page.RouteAsync("**/api/v1/admin/ldap/sync", async route =>
        {
            JsonObject body = JsonNode.Parse(route.Request.PostData ?? "{}")!.AsObject();
            bodies.Add(body);
            bool confirmed = body["confirm"]?.GetValue<bool>() == true;
            var result = new JsonObject { ["applied"] = confirmed, ["directoryVersion"] = 42, ["plan"] = Plan() };
            await route.FulfillAsync(new RouteFulfillOptions { Status = confirmed ? 200 : 409, ContentType = "application/json", Body = result.ToJsonString() });
        });
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await page.Locator("[data-nav=ldap]").ClickAsync();

        await page.GetByTestId("ldap-sync").ClickAsync();
        ILocator guard = page.GetByTestId("ldap-guard");
        await Expect(guard).ToContainTextAsync("This sync would freeze 30 of 100 LDAP accounts (30%), more than the 10% allowed");
        await Expect(page.Locator("[data-count=freezeAccounts]")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("notice")).ToBeHiddenAsync();
        await AdminPage.ScreenshotAsync(page, "ldap-guard");

        await page.GetByTestId("ldap-confirm").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Sync finished.");
        await Expect(guard).ToHaveCountAsync(0);
        Assert.Equal([false, true], bodies.Select(b => b["confirm"]!.GetValue<bool>()));
        Assert.Empty(fixture.PageErrors);
    }

    private static JsonObject Plan()
    {
        var plan = new JsonObject();
        foreach (string list in new[] { "createDepartments", "renameDepartments", "moveDepartments", "relinkDepartments", "removedDepartments", "createAccounts", "updateAccounts", "unfreezeAccounts", "errors" })
        {
            plan[list] = new JsonArray();
        }

        plan["freezeAccounts"] = new JsonArray(new JsonObject { ["id"] = 9007199254740993, ["account"] = "left-1" }, new JsonObject { ["id"] = 12, ["account"] = "left-2" });
        plan["guard"] = new JsonObject { ["freezes"] = 30, ["managedActive"] = 100, ["share"] = 0.3, ["maxShare"] = 0.1, ["requiresConfirmation"] = true };
        plan["hasChanges"] = true;
        return plan;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
