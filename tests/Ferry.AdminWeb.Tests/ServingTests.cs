using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Xunit;

namespace Ferry.AdminWeb.Tests;

/// <summary>How ferryd serves the page: content types, validators, security headers, HTTPS only.</summary>
[Collection(AdminWebCollection.Name)]
public sealed class ServingTests(AdminWebFixture fixture)
{
    [Theory]
    [InlineData("/admin/", "text/html")]
    [InlineData("/admin/app.css", "text/css")]
    [InlineData("/admin/js/main.js", "text/javascript")]
    [InlineData("/admin/i18n/zh.js", "text/javascript")]
    [InlineData("/admin/favicon.svg", "image/svg+xml")]
    public async Task Files_have_their_content_type_strict_headers_and_an_etag(string path, string contentType)
    {
        using HttpResponseMessage response = await fixture.Admin.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        string csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl!.NoCache);
        EntityTagHeaderValue etag = response.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        using HttpResponseMessage notModified = await fixture.Admin.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task The_page_has_no_inline_script_or_style()
    {
        string html = await fixture.Admin.Http.GetStringAsync("/admin/");
        Assert.Contains("<script type=\"module\" src=\"js/main.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_and_chinese_have_the_same_keys_and_every_literal_key_the_scripts_use()
    {
        HashSet<string> english = Keys(await fixture.Admin.Http.GetStringAsync("/admin/i18n/en.js"));
        HashSet<string> chinese = Keys(await fixture.Admin.Http.GetStringAsync("/admin/i18n/zh.js"));
        Assert.True(english.Count > 250, $"{english.Count} keys");
        Assert.Empty(english.Except(chinese));
        Assert.Empty(chinese.Except(english));

        string[] scripts = ["main", "accounts", "directory", "tree", "views", "login", "status", "profile", "import", "ldap", "admins", "enterprise", "online", "picker", "forms", "search", "visibility"];
        foreach (string script in scripts)
        {
            string text = await fixture.Admin.Http.GetStringAsync($"/admin/js/{script}.js");
            foreach (Match used in Regex.Matches(text, @"\bt\('([A-Za-z0-9_.]+)'"))
            {
                Assert.True(english.Contains(used.Groups[1].Value), $"{script}.js uses the missing key {used.Groups[1].Value}");
            }
        }

        static HashSet<string> Keys(string dictionary) =>
            Regex.Matches(dictionary, @"^\s*'([^']+)':", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/admin")]
    public async Task The_root_and_admin_redirect_to_the_page(string path)
    {
        using HttpResponseMessage response = await fixture.Admin.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/admin/", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Unknown_files_are_not_found()
    {
        using HttpResponseMessage response = await fixture.Admin.Http.GetAsync("/admin/js/nothing-here.js");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/")]
    [InlineData("/admin/js/main.js")]
    public async Task The_plain_discovery_port_refuses_the_page(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Server.DiscoveryPort}") };
        using HttpResponseMessage response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains($"https://127.0.0.1:{fixture.Server.HttpsPort}/admin/", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
