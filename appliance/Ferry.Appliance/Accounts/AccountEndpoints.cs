using Ferry.Appliance.Directory.Administration;
using Ferry.Appliance.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Appliance.Accounts;

/// <summary>A new account; with <see cref="DepartmentId"/> it starts as a member of that department (required of department administrators).</summary>
internal sealed record CreateAccountBody(string? Account, string? Password, string? DisplayName, bool IsAdmin = false, long? DepartmentId = null);

internal sealed record AccountBody(long Id, string Account, string DisplayName, bool IsAdmin, string State)
{
    public static AccountBody From(Account account) =>
        new(account.Id, account.Name, account.DisplayName, account.IsAdmin, StateName(account.State));

    public static string StateName(AccountState state) => state switch
    {
        AccountState.Active => "active",
        AccountState.Frozen => "frozen",
        _ => "deleted",
    };
}

internal sealed record AccountListBody(IReadOnlyList<AccountBody> Accounts, long? Next);

internal sealed record LoginBody(string? Account, string? Password, string? DeviceId, string? DeviceType);

internal sealed record SessionBody(string Token, long AccountId, string Account, long ExpiresAtMs, bool IsAdmin);

/// <summary>REST API of accounts and sessions (HTTPS port only).</summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/auth/login", LoginAsync);
        routes.MapPost("/api/v1/auth/logout", Logout);
        routes.MapPost("/api/v1/admin/accounts", CreateAsync);
        routes.MapGet("/api/v1/admin/accounts", List);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, SessionService sessions)
    {
        LoginBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.LoginBody).ConfigureAwait(false);
        int deviceType = body.DeviceType?.ToUpperInvariant() switch
        {
            "PC" => 1,
            "MOBILE" => 2,
            _ => 3,
        };
        SessionGrant grant = await sessions.LoginAsync(body.Account, body.Password, body.DeviceId ?? "web", deviceType, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new SessionBody(grant.Token, grant.Account.Id, grant.Account.Name, grant.ExpiresMs, grant.Account.IsAdmin), ApiJson.Default.SessionBody);
    }

    private static IResult Logout(HttpContext context, SessionService sessions)
    {
        ApiCaller.Require(context, sessions);
        sessions.Logout(context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim());
        return Results.NoContent();
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SessionService sessions, Directory.DirectoryService directory)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        CreateAccountBody body = await ApiErrors.ReadBodyAsync(context, ApiJson.Default.CreateAccountBody).ConfigureAwait(false);
        Directory.DirectoryAccount created = directory.CreateAccount(caller, body.Account, body.DisplayName, body.Password, body.IsAdmin, body.DepartmentId);
        return Results.Json(new AccountBody(created.Id, created.Name, created.DisplayName, created.IsAdmin, AccountBody.StateName(created.State)), ApiJson.Default.AccountBody, statusCode: StatusCodes.Status201Created);
    }

    private static IResult List(HttpContext context, SessionService sessions, AccountService accounts, AdminAccess access)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        AdminAuthority authority = access.Authorize(caller, Directory.DirectoryRight.ViewDirectory, new AdminTarget());
        long after = ApiQuery.Number(context, "after", 0, long.MaxValue);
        int limit = (int)ApiQuery.Number(context, "limit", 100, 1000);
        IReadOnlyList<Account> page = accounts.List(after, limit);
        long? next = page.Count == limit ? page[^1].Id : null;

        // A department administrator sees only accounts with a membership in its departments; paging stays by id.
        IEnumerable<Account> visible = authority.IsCompanyWide ? page : page.Where(a => access.CanSeeAccount(authority, a.Id));
        return Results.Json(new AccountListBody(visible.Select(AccountBody.From).ToList(), next), ApiJson.Default.AccountListBody);
    }
}
