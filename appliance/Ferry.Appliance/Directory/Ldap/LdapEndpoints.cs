using Ferry.Appliance.Accounts;
using Ferry.Appliance.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>Admin REST API of the LDAP sync (HTTPS port only). Company-wide: the directory-settings right.</summary>
internal static class LdapEndpoints
{
    private const string Admin = "/api/v1/admin/ldap";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Admin + "/settings", GetSettings);
        routes.MapPut(Admin + "/settings", PutSettingsAsync);
        routes.MapPost(Admin + "/preview", PreviewAsync);
        routes.MapPost(Admin + "/sync", SyncAsync);
    }

    private static IResult GetSettings(HttpContext context, SessionService sessions, DirectoryService directory, LdapSettingsStore settings)
    {
        directory.AuthorizeLdap(ApiCaller.RequireAdmin(context, sessions));
        LdapSettings? current = settings.Current();
        return current is null ? Results.NoContent() : Results.Json(LdapSettingsStore.ToBody(current), ApiJson.Default.LdapSettingsBody);
    }

    private static async Task<IResult> PutSettingsAsync(HttpContext context, SessionService sessions, DirectoryService directory, LdapSettingsStore settings)
    {
        directory.AuthorizeLdap(ApiCaller.RequireAdmin(context, sessions));
        LdapSettingsBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.LdapSettingsBody).ConfigureAwait(false);
        return Results.Json(LdapSettingsStore.ToBody(settings.Put(body)), ApiJson.Default.LdapSettingsBody);
    }

    private static async Task<IResult> PreviewAsync(HttpContext context, SessionService sessions, DirectoryService directory, LdapSyncService sync)
    {
        directory.AuthorizeLdap(ApiCaller.RequireAdmin(context, sessions));
        SyncPlan plan = await sync.PreviewAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Json(LdapPlanBody.From(plan), ApiJson.Default.LdapPlanBody);
    }

    /// <summary>Applies; 409 with the plan when the freeze guard stops it and <c>confirm</c> is not true.</summary>
    private static async Task<IResult> SyncAsync(HttpContext context, SessionService sessions, LdapSyncService sync, DirectoryService directory)
    {
        directory.AuthorizeLdap(ApiCaller.RequireAdmin(context, sessions));
        LdapSyncBody body = context.Request.ContentLength is 0 or null && !context.Request.Headers.ContainsKey("Transfer-Encoding")
            ? new LdapSyncBody(false)
            : await ApiErrors.ReadBodyAsync(context, ApiJson.Default.LdapSyncBody).ConfigureAwait(false);
        (SyncPlan plan, bool applied) = await sync.SyncAsync(body.Confirm == true, LdapSyncTrigger.Administrator, context.RequestAborted).ConfigureAwait(false);
        var result = new LdapSyncResultBody(applied, directory.DirectoryVersion(), LdapPlanBody.From(plan));
        return Results.Json(result, ApiJson.Default.LdapSyncResultBody, statusCode: applied ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
    }
}
