using System.Globalization;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory.Administration;
using Ferry.Appliance.Directory.Pinyin;
using Ferry.Appliance.Http;
using Ferry.Transport.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Appliance.Directory.Search;

/// <summary>One hit of the administrators' search; the primary department's name only when it lies in the caller's scope.</summary>
internal sealed record AdminSearchHitBody(
    long Id, string Account, string DisplayName, string State, long? PrimaryDepartmentId, string? PrimaryDepartment, string Title);

internal sealed record AdminSearchBody(List<AdminSearchHitBody> Accounts);

/// <summary>
/// Account search for administrators (issue 3 §8: 100,000 accounts, server-side search): the in-memory
/// <see cref="DirectorySearch"/> read model (display name, account, full pinyin, initials: <c>zs</c> finds 张三), never a
/// table scan. Active and frozen accounts (so a frozen one can be found and restored), never deleted ones; visibility
/// rules do not apply to administrators.
/// </summary>
/// <remarks>
/// Scope (<see cref="AdminAccess"/>): super and enterprise administrators search everything; a department administrator
/// needs manage accounts or manage departments (<see cref="DirectoryRight.ViewDirectory"/>) and finds only accounts
/// with a membership in its subtrees. The scope is the index walk's predicate, decided in memory from the read model's
/// department → parent map, so a narrow scope still gets up to <c>limit</c> hits and costs no database read per hit.
/// </remarks>
internal sealed class AdminAccountSearch(AdminAccess access, DirectorySearch search)
{
    /// <summary>The index's own bound: longer queries would silently find nothing, so they are refused.</summary>
    public const int MaxQueryLength = NameSearchIndex.MaxQueryLength;

    public IReadOnlyList<AdminSearchHitBody> Find(Caller caller, string? query, int limit)
    {
        AdminAuthority authority = access.Authorize(caller, DirectoryRight.ViewDirectory, new AdminTarget());
        string q = (query ?? string.Empty).Trim();
        if (q.Length is 0 or > MaxQueryLength)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"q: must be 1 to {MaxQueryLength} characters (a name, an account, pinyin or initials)");
        }

        if (limit is < 1 or > DirectorySearch.MaxLimit)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"limit: must be a whole number from 1 to {DirectorySearch.MaxLimit}");
        }

        Func<long, bool> inScope = authority.IsCompanyWide ? static _ => true : search.InSubtrees(authority.DepartmentIds);
        Func<SearchCard, bool>? include = authority.IsCompanyWide ? null : card => card.DepartmentIds.Any(inScope);
        return search.AdminSearch(q, limit, include)
            .Select(card => new AdminSearchHitBody(
                card.Id, card.Account, card.DisplayName, AccountBody.StateName(card.State),
                card.PrimaryDepartmentId == 0 ? null : card.PrimaryDepartmentId,
                card.PrimaryDepartmentId != 0 && inScope(card.PrimaryDepartmentId) ? search.DepartmentName(card.PrimaryDepartmentId) : null,
                card.Title))
            .ToList();
    }
}

/// <summary><c>GET /api/v1/admin/directory/search?q=&amp;limit=</c> (HTTPS port only).</summary>
internal static class AdminSearchEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/api/v1/admin/directory/search", Search);

    private static IResult Search(HttpContext context, SessionService sessions, AdminAccountSearch search)
    {
        Caller caller = ApiCaller.RequireAdmin(context, sessions);
        // Anything but a whole number in range gets the service's one wording ("limit: must be … from 1 to 50").
        string? raw = context.Request.Query["limit"];
        int limit = raw is null ? DirectorySearch.DefaultLimit
            : int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed : -1;
        IReadOnlyList<AdminSearchHitBody> hits = search.Find(caller, context.Request.Query["q"], limit);
        return Results.Json(new AdminSearchBody(hits.ToList()), ApiJson.Default.AdminSearchBody);
    }
}
