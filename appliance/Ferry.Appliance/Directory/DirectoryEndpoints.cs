using Ferry.Appliance.Accounts;
using Ferry.Appliance.Http;
using Ferry.Transport.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Appliance.Directory;

/// <summary>REST API of the directory (HTTPS port only): administration under <c>/api/v1/admin/directory</c>, sync for everyone.</summary>
internal static class DirectoryEndpoints
{
    private const string Admin = "/api/v1/admin/directory";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Admin + "/departments", ListDepartments);
        routes.MapPost(Admin + "/departments", CreateDepartmentAsync);
        routes.MapPost(Admin + "/departments/reorder", ReorderAsync);
        routes.MapGet(Admin + "/departments/{id:long}", GetDepartment);
        routes.MapPatch(Admin + "/departments/{id:long}", RenameDepartmentAsync);
        routes.MapDelete(Admin + "/departments/{id:long}", DeleteDepartment);
        routes.MapPost(Admin + "/departments/{id:long}/move", MoveDepartmentAsync);
        routes.MapGet(Admin + "/departments/{id:long}/members", ListMembers);

        routes.MapGet(Admin + "/accounts/{id:long}", GetAccount);
        routes.MapPatch(Admin + "/accounts/{id:long}", UpdateProfileAsync);
        routes.MapDelete(Admin + "/accounts/{id:long}", DeleteAccount);
        routes.MapPut(Admin + "/accounts/{id:long}/memberships", SetMembershipsAsync);
        routes.MapPost(Admin + "/accounts/{id:long}/freeze", Freeze);
        routes.MapPost(Admin + "/accounts/{id:long}/restore", Restore);

        routes.MapGet(Admin + "/settings", GetSettings);
        routes.MapPatch(Admin + "/settings", SetFieldEditabilityAsync);
        routes.MapPut(Admin + "/attributes/{key}", DefineAttributeAsync);
        routes.MapDelete(Admin + "/attributes/{key}", DeleteAttribute);

        routes.MapGet("/api/v1/directory/changes", Changes);
        routes.MapGet("/api/v1/directory/me", GetOwn);
        routes.MapPatch("/api/v1/directory/me", UpdateOwnAsync);
    }

    private static IResult ListDepartments(HttpContext context, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        long parent = ApiQuery.Number(context, "parent", 0, long.MaxValue);
        return Departments(directory.Children(caller, parent));
    }

    private static async Task<IResult> CreateDepartmentAsync(HttpContext context, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        CreateDepartmentBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.CreateDepartmentBody).ConfigureAwait(false);
        Department created = directory.CreateDepartment(caller, body.Name, body.ParentId, body.Position);
        return Results.Json(DepartmentBody.From(created), ApiJson.Default.DepartmentBody, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReorderAsync(HttpContext context, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        ReorderDepartmentsBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.ReorderDepartmentsBody).ConfigureAwait(false);
        return Departments(directory.ReorderChildren(caller, body.ParentId, body.Order));
    }

    private static IResult GetDepartment(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Results.Json(DepartmentBody.From(directory.Get(caller, id)), ApiJson.Default.DepartmentBody);
    }

    private static async Task<IResult> RenameDepartmentAsync(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        RenameDepartmentBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.RenameDepartmentBody).ConfigureAwait(false);
        return Results.Json(DepartmentBody.From(directory.RenameDepartment(caller, id, body.Name)), ApiJson.Default.DepartmentBody);
    }

    private static IResult DeleteDepartment(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        directory.DeleteDepartment(caller, id);
        return Results.NoContent();
    }

    private static async Task<IResult> MoveDepartmentAsync(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        MoveDepartmentBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.MoveDepartmentBody).ConfigureAwait(false);
        return Results.Json(DepartmentBody.From(directory.MoveDepartment(caller, id, body.ParentId, body.Position)), ApiJson.Default.DepartmentBody);
    }

    private static IResult ListMembers(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        int offset = (int)ApiQuery.Number(context, "offset", 0, int.MaxValue);
        int limit = (int)ApiQuery.Number(context, "limit", 100, DirectoryService.MaxMembersPage);
        IReadOnlyList<DirectoryAccount> page = directory.Members(caller, id, offset, limit);
        int? next = page.Count == limit ? offset + limit : null;
        return Results.Json(new MemberListBody(page.Select(a => DirectoryAccountBody.From(a, showAdmin: true)).ToList(), next), ApiJson.Default.MemberListBody);
    }

    private static IResult GetAccount(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Account(directory.GetAccount(caller, id), showAdmin: true);
    }

    private static async Task<IResult> UpdateProfileAsync(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        ProfileBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.ProfileBody).ConfigureAwait(false);
        return Account(directory.UpdateProfile(caller, id, body.ToPatch()), showAdmin: true);
    }

    private static IResult DeleteAccount(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Account(directory.Delete(caller, id), showAdmin: true);
    }

    private static async Task<IResult> SetMembershipsAsync(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        MembershipsBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.MembershipsBody).ConfigureAwait(false);
        List<MembershipInput?>? memberships = body.Memberships?
            .Select(m => m is null ? null : new MembershipInput(m.DepartmentId ?? 0, m.Primary, m.Title ?? string.Empty, m.Order))
            .ToList();
        return Account(directory.SetMemberships(caller, id, memberships), showAdmin: true);
    }

    private static IResult Freeze(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Account(directory.Freeze(caller, id), showAdmin: true);
    }

    private static IResult Restore(HttpContext context, long id, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Account(directory.Restore(caller, id), showAdmin: true);
    }

    private static IResult GetSettings(HttpContext context, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Results.Json(DirectorySettingsBody.From(directory.Settings(caller)), ApiJson.Default.DirectorySettingsBody);
    }

    private static async Task<IResult> SetFieldEditabilityAsync(HttpContext context, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        FieldSettingsBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.FieldSettingsBody).ConfigureAwait(false);
        return Results.Json(DirectorySettingsBody.From(directory.SetFieldEditability(caller, body.EditableFields)), ApiJson.Default.DirectorySettingsBody);
    }

    private static async Task<IResult> DefineAttributeAsync(HttpContext context, string key, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        AttributeDefinitionBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.AttributeDefinitionBody).ConfigureAwait(false);
        AttributeDefinition defined = directory.DefineAttribute(caller, key, body.Label, body.UserEditable);
        return Results.Json(AttributeBody.From(defined), ApiJson.Default.AttributeBody);
    }

    private static IResult DeleteAttribute(HttpContext context, string key, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        directory.DeleteAttribute(caller, key);
        return Results.NoContent();
    }

    private static IResult Changes(HttpContext context, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.Require(context, sessions);
        long since = ApiQuery.Number(context, "since", 0, long.MaxValue);
        int limit = (int)ApiQuery.Number(context, "limit", DirectoryService.DefaultChangesPage, DirectoryService.MaxChangesPage);
        ulong? view = context.Request.Query.ContainsKey("view") ? ApiQuery.Unsigned(context, "view", 0) : null;
        return Results.Json(DirectoryChangesBody.From(directory.Changes(caller, since, limit, view)), ApiJson.Default.DirectoryChangesBody);
    }

    private static IResult GetOwn(HttpContext context, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.Require(context, sessions);
        return Account(directory.GetOwn(caller), showAdmin: false);
    }

    private static async Task<IResult> UpdateOwnAsync(HttpContext context, SessionService sessions, DirectoryService directory)
    {
        Caller caller = ApiCaller.Require(context, sessions);
        ProfileBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.ProfileBody).ConfigureAwait(false);
        return Account(directory.UpdateOwnProfile(caller, body.ToPatch()), showAdmin: false);
    }

    private static IResult Departments(IEnumerable<DepartmentNode> nodes) =>
        Results.Json(new DepartmentListBody(nodes.Select(DepartmentBody.From).ToList()), ApiJson.Default.DepartmentListBody);

    private static IResult Account(DirectoryAccount account, bool showAdmin) =>
        Results.Json(DirectoryAccountBody.From(account, showAdmin), ApiJson.Default.DirectoryAccountBody);
}
