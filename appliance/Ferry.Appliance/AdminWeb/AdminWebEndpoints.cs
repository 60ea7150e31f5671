using Ferry.Appliance.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Ferry.Appliance.AdminWeb;

/// <summary>
/// The embedded admin web page at <c>https://HOST:7443/admin/</c>: static files only; everything it shows comes from
/// the REST API with the administrator's bearer token. Served over HTTPS only, like the API it calls.
/// </summary>
internal static class AdminWebEndpoints
{
    public const string Base = "/admin/";

    /// <summary>
    /// Scripts, styles and images from this origin only, no inline script or style, API calls to this origin only,
    /// never framed. The page builds its DOM with textContent, never innerHTML, so data cannot become markup.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder routes)
    {
        AdminWebAssets assets = AdminWebAssets.Load();
        routes.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], RedirectToPage);
        routes.MapMethods(Base + "{**path}", [HttpMethods.Get, HttpMethods.Head], context => ServeAsync(context, assets));
    }

    private static Task RedirectToPage(HttpContext context)
    {
        if (!context.Request.IsHttps)
        {
            return RefusePlainHttpAsync(context);
        }

        AddSecurityHeaders(context.Response);
        context.Response.Redirect(Base);
        return Task.CompletedTask;
    }

    private static Task ServeAsync(HttpContext context, AdminWebAssets assets)
    {
        if (!context.Request.IsHttps)
        {
            return RefusePlainHttpAsync(context);
        }

        // Routing ignores a trailing slash, so "/admin" lands here too; the page's relative links need the slash.
        if (!context.Request.Path.Value!.EndsWith('/') && context.Request.RouteValues["path"] is null)
        {
            return RedirectToPage(context);
        }

        HttpResponse response = context.Response;
        AddSecurityHeaders(response);
        AdminWebAsset? asset = assets.Find(context.Request.RouteValues["path"] as string);
        if (asset is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync("not found");
        }

        // The files change only with a new binary: revalidate every time (cheap 304), never serve a stale page.
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (Matches(context.Request.Headers.IfNoneMatch, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        byte[] body = asset.Content;
        if (asset.Brotli is not null && AcceptsBrotli(context.Request.Headers.AcceptEncoding))
        {
            body = asset.Brotli;
            response.Headers.ContentEncoding = "br";
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>The page holds a session token; on the plain discovery port it is refused, with the way to it.</summary>
    private static Task RefusePlainHttpAsync(HttpContext context)
    {
        int httpsPort = context.RequestServices.GetRequiredService<BoundEndpoints>().HttpsPort;
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        AddSecurityHeaders(context.Response);
        return context.Response.WriteAsync($"the admin page is served over HTTPS only: https://{context.Request.Host.Host}:{httpsPort}{Base}\n");
    }

    private static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }

    private static bool Matches(string? ifNoneMatch, string etag)
    {
        if (string.IsNullOrEmpty(ifNoneMatch))
        {
            return false;
        }

        foreach (string candidate in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // Weak comparison (RFC 9110 §13.1.2): a proxy may have marked our tag weak.
            if (candidate == "*" || candidate == etag || (candidate.StartsWith("W/", StringComparison.Ordinal) && candidate[2..] == etag))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AcceptsBrotli(string? acceptEncoding) =>
        acceptEncoding is not null && acceptEncoding.Split(',', StringSplitOptions.TrimEntries)
            .Any(e => e == "br" || (e.StartsWith("br;", StringComparison.Ordinal) && !e.Replace(" ", string.Empty, StringComparison.Ordinal).EndsWith("q=0", StringComparison.Ordinal)));
}
