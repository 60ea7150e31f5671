using System.Text.Json.Serialization;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Appliance.Directory.Administration;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record CreateAdministratorBody(long? AccountId, string? Role, List<string?>? Permissions, List<long>? DepartmentIds);

internal sealed record AdministratorBody(
    long AccountId, string Account, string DisplayName, string Role, List<long> DepartmentIds, List<string> Permissions, long? GrantedBy, long CreatedMs);

internal sealed record AdministratorListBody(List<AdministratorBody> Administrators);

/// <summary>The caller's own administrator authority: role, permissions and (department administrators) its scope roots.</summary>
internal sealed record AdministratorSelfBody(long AccountId, string Role, List<string> Permissions, List<DepartmentBody>? Departments);

/// <summary>REST API of administrator grants (HTTPS port only).</summary>
internal static class AdministratorEndpoints
{
    private const string Path = "/api/v1/admin/administrators";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, CreateAsync);
        routes.MapGet(Path, List);
        routes.MapGet(Path + "/me", Self);
        routes.MapDelete(Path + "/{accountId:long}", Revoke);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SessionService sessions, AdministratorService administrators, AccountService accounts)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        CreateAdministratorBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.CreateAdministratorBody).ConfigureAwait(false);
        AdminGrant grant = administrators.Grant(caller, new GrantInput(body.AccountId, body.Role, body.Permissions, body.DepartmentIds));
        return Results.Json(From(grant, accounts), ApiJson.Default.AdministratorBody, statusCode: StatusCodes.Status201Created);
    }

    private static IResult List(HttpContext context, SessionService sessions, AdministratorService administrators, AccountService accounts)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        var list = administrators.List(caller).Select(g => From(g, accounts)).ToList();
        return Results.Json(new AdministratorListBody(list), ApiJson.Default.AdministratorListBody);
    }

    private static IResult Self(HttpContext context, SessionService sessions, AdministratorService administrators)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        (AdminAuthority authority, IReadOnlyList<DepartmentNode> roots) = administrators.Self(caller);
        return Results.Json(
            new AdministratorSelfBody(caller.AccountId, AdminNames.Role(authority.Role), AdminNames.PermissionList(authority.Permissions),
                authority.IsCompanyWide ? null : roots.Select(DepartmentBody.From).ToList()),
            ApiJson.Default.AdministratorSelfBody);
    }

    private static IResult Revoke(HttpContext context, long accountId, SessionService sessions, AdministratorService administrators)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        administrators.Revoke(caller, accountId);
        return Results.NoContent();
    }

    private static AdministratorBody From(AdminGrant grant, AccountService accounts)
    {
        Account? account = accounts.FindById(grant.AccountId);
        return new AdministratorBody(
            grant.AccountId, account?.Name ?? $"#{grant.AccountId}", account?.DisplayName ?? string.Empty, AdminNames.Role(grant.Role),
            [.. grant.DepartmentIds], AdminNames.PermissionList(grant.Permissions), grant.GrantedBy, grant.CreatedMs);
    }
}
