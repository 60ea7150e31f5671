using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Http;
using Ferry.Transport.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Ferry.Appliance.Enterprise;

internal sealed record EnterpriseLogoBody(string ContentType, string Sha256, int Bytes);

/// <summary>What administrators read and write. <see cref="Logo"/> is null when there is none.</summary>
internal sealed record EnterpriseBody(string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] EnterpriseLogoBody? Logo, long Version)
{
    public static EnterpriseBody From(EnterpriseSnapshot snapshot) => new(
        snapshot.Name,
        snapshot.Logo is { } logo ? new EnterpriseLogoBody(logo.ContentType, logo.Sha256, logo.Data.Length) : null,
        snapshot.Version);
}

/// <summary>What clients show before anyone logs in. <see cref="LogoUrl"/> is null when there is no logo.</summary>
internal sealed record PublicEnterpriseBody(string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LogoUrl);

/// <summary>
/// REST API of the enterprise settings (HTTPS port only): <c>/api/v1/admin/enterprise</c> for super and enterprise
/// administrators, <c>/api/v1/enterprise</c> and its logo without authentication (clients' login screens).
/// </summary>
internal static class EnterpriseEndpoints
{
    private const string Admin = "/api/v1/admin/enterprise";
    private const string Public = "/api/v1/enterprise";

    /// <summary>A versioned logo URL (<c>?v=</c> the current hash) never changes content: cache it for a year.</summary>
    private const string ImmutableCache = "public, max-age=31536000, immutable";

    /// <summary>The plain URL may change at any time: keep it, but revalidate (a 304 costs nothing).</summary>
    private const string RevalidateCache = "public, no-cache";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Admin, Read);
        routes.MapPatch(Admin, UpdateAsync);
        routes.MapPut(Admin + "/logo", SetLogoAsync);
        routes.MapDelete(Admin + "/logo", RemoveLogo);
        routes.MapGet(Public, (EnterpriseService enterprise) =>
        {
            EnterpriseSnapshot current = enterprise.Current;
            return Results.Json(new PublicEnterpriseBody(current.Name, current.LogoUrl), ApiJson.Default.PublicEnterpriseBody);
        });
        routes.MapGet(Public + "/logo", Logo);
    }

    private static IResult Read(HttpContext context, SessionService sessions, EnterpriseService enterprise)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Reply(enterprise.Read(caller));
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, SessionService sessions, EnterpriseService enterprise)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        if (!context.Request.HasJsonContentType())
        {
            FerryException.Throw(ErrorCode.BadRequest, "request body must be JSON (Content-Type: application/json)");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new FerryException(ErrorCode.BadRequest, $"request body is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            return Reply(enterprise.Update(caller, SettingsChange.FromJson(document.RootElement)));
        }
    }

    private static async Task<IResult> SetLogoAsync(HttpContext context, SessionService sessions, EnterpriseService enterprise)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        byte[] data = await ReadLogoAsync(context).ConfigureAwait(false);
        return Reply(enterprise.SetLogo(caller, data, context.Request.ContentType));
    }

    private static IResult RemoveLogo(HttpContext context, SessionService sessions, EnterpriseService enterprise)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Reply(enterprise.RemoveLogo(caller));
    }

    private static IResult Logo(HttpContext context, EnterpriseService enterprise)
    {
        if (enterprise.Current.Logo is not { } logo)
        {
            return FerryException.Throw<IResult>(ErrorCode.NotFound, "no enterprise logo is set");
        }

        IHeaderDictionary headers = context.Response.Headers;
        headers.ETag = logo.ETag;
        headers.CacheControl = context.Request.Query["v"] == logo.Sha256 ? ImmutableCache : RevalidateCache;
        headers.XContentTypeOptions = "nosniff";
        return Matches(context.Request.Headers.IfNoneMatch, logo.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(logo.Data, logo.ContentType);
    }

    /// <summary>If-None-Match (RFC 9110 §13.1.2): weak comparison, any of a list, or <c>*</c>.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out IList<EntityTagHeaderValue>? tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }

    /// <summary>The raw body, refused before buffering when it declares more than a logo may have.</summary>
    private static async Task<byte[]> ReadLogoAsync(HttpContext context)
    {
        if (context.Request.ContentLength > LogoImage.MaxBytes)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"logo: the image is {context.Request.ContentLength} bytes; a logo may be at most {LogoImage.MaxBytes} bytes (256 KiB)");
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > LogoImage.MaxBytes)
            {
                FerryException.Throw(ErrorCode.BadRequest, $"logo: the image is over {LogoImage.MaxBytes} bytes; a logo may be at most 256 KiB");
            }
        }

        return buffer.ToArray();
    }

    private static IResult Reply(EnterpriseSnapshot snapshot) => Results.Json(EnterpriseBody.From(snapshot), ApiJson.Default.EnterpriseBody);
}
