using System.Text.Json.Serialization;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Appliance.Directory.Visibility;

/// <summary>PUT body of an account's rules: the whole rule set (an absent flag is false; all false removes the rules).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record AccountRuleInputBody(bool? Hidden, bool? NoDirectory, bool? ContactsHidden);

/// <summary>PUT body of a department's rules; <c>visibleDepartments</c> absent or null lifts the restriction.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record DepartmentRuleInputBody(bool? Hidden, bool? NoDirectory, bool? ContactsHidden, List<long?>? VisibleDepartments);

internal sealed record AccountRuleBody(long AccountId, bool Hidden, bool NoDirectory, bool ContactsHidden)
{
    public static AccountRuleBody From(AccountRule rule) => new(rule.AccountId, rule.Hidden, rule.NoDirectory, rule.ContactsHidden);
}

internal sealed record DepartmentRuleBody(long DepartmentId, bool Hidden, bool NoDirectory, bool ContactsHidden, List<long>? VisibleDepartments)
{
    public static DepartmentRuleBody From(DepartmentRule rule) =>
        new(rule.DepartmentId, rule.Hidden, rule.NoDirectory, rule.ContactsHidden, rule.VisibleDepartments?.ToList());
}

internal sealed record AccountRuleListBody(List<AccountRuleBody> Rules, int? Next);

internal sealed record DepartmentRuleListBody(List<DepartmentRuleBody> Rules, int? Next);

/// <summary>REST API of visibility rules under <c>/api/v1/admin/directory/visibility</c> (HTTPS port only).</summary>
internal static class VisibilityEndpoints
{
    private const string Path = "/api/v1/admin/directory/visibility";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path + "/accounts", ListAccounts);
        routes.MapGet(Path + "/accounts/{id:long}", GetAccount);
        routes.MapPut(Path + "/accounts/{id:long}", SetAccountAsync);
        routes.MapGet(Path + "/departments", ListDepartments);
        routes.MapGet(Path + "/departments/{id:long}", GetDepartment);
        routes.MapPut(Path + "/departments/{id:long}", SetDepartmentAsync);
    }

    private static IResult ListAccounts(HttpContext context, SessionService sessions, VisibilityService visibility)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        (int offset, int limit) = Page(context);
        IReadOnlyList<AccountRule> page = visibility.AccountRules(caller, offset, limit);
        return Results.Json(new AccountRuleListBody(page.Select(AccountRuleBody.From).ToList(), page.Count == limit ? offset + limit : null), ApiJson.Default.AccountRuleListBody);
    }

    private static IResult GetAccount(HttpContext context, long id, SessionService sessions, VisibilityService visibility)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Results.Json(AccountRuleBody.From(visibility.GetAccountRule(caller, id)), ApiJson.Default.AccountRuleBody);
    }

    private static async Task<IResult> SetAccountAsync(HttpContext context, long id, SessionService sessions, VisibilityService visibility)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        AccountRuleInputBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.AccountRuleInputBody).ConfigureAwait(false);
        AccountRule rule = visibility.SetAccountRule(caller, id, body.Hidden ?? false, body.NoDirectory ?? false, body.ContactsHidden ?? false);
        return Results.Json(AccountRuleBody.From(rule), ApiJson.Default.AccountRuleBody);
    }

    private static IResult ListDepartments(HttpContext context, SessionService sessions, VisibilityService visibility)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        (int offset, int limit) = Page(context);
        IReadOnlyList<DepartmentRule> page = visibility.DepartmentRules(caller, offset, limit);
        return Results.Json(new DepartmentRuleListBody(page.Select(DepartmentRuleBody.From).ToList(), page.Count == limit ? offset + limit : null), ApiJson.Default.DepartmentRuleListBody);
    }

    private static IResult GetDepartment(HttpContext context, long id, SessionService sessions, VisibilityService visibility)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        return Results.Json(DepartmentRuleBody.From(visibility.GetDepartmentRule(caller, id)), ApiJson.Default.DepartmentRuleBody);
    }

    private static async Task<IResult> SetDepartmentAsync(HttpContext context, long id, SessionService sessions, VisibilityService visibility)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        DepartmentRuleInputBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.DepartmentRuleInputBody).ConfigureAwait(false);
        DepartmentRule rule = visibility.SetDepartmentRule(caller, id, body.Hidden ?? false, body.NoDirectory ?? false, body.ContactsHidden ?? false, body.VisibleDepartments);
        return Results.Json(DepartmentRuleBody.From(rule), ApiJson.Default.DepartmentRuleBody);
    }

    private static (int Offset, int Limit) Page(HttpContext context) =>
        ((int)ApiQuery.Number(context, "offset", 0, int.MaxValue), (int)ApiQuery.Number(context, "limit", 100, VisibilityService.MaxPage));
}
