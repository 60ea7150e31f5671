using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Administration;
using Ferry.Appliance.Directory.Search;
using Ferry.Appliance.Directory.Visibility;
using Ferry.Testing;
using Ferry.Transport.Errors;
using static Ferry.Directory.Tests.AdminScopeMatrixTests;

namespace Ferry.Directory.Tests;

/// <summary>
/// The administrators' account search (<c>GET /api/v1/admin/directory/search</c>): the read model's pinyin matching,
/// the department administrator's scope as the search predicate, frozen accounts for administrators only.
/// The world is <see cref="AdminScopeMatrixTests.World"/>: scope "in" is Sales (East, West), scope "out" is Eng.
/// </summary>
public sealed class AdminSearchTests : IDisposable
{
    private readonly World _world = new(AdminPermissions.None);

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Initials_find_a_chinese_name_and_the_scope_filters_hits()
    {
        _world.Dir.UpdateProfile(_world.Stack.Admin, _world.Alice, new ProfilePatch(DisplayName: "张三"));

        Assert.Equal([_world.Alice], Ids(Who.Super, "zs"));
        Assert.Equal([_world.Alice], Ids(Who.Enterprise, "zhangsan"));
        Assert.Equal([_world.Alice], Ids(Who.DeptInScope, "zs"));
        Assert.Empty(Ids(Who.DeptOutOfScope, "zs"));

        // "en" matches ent (no department) and ent2 (East); "er" matches erin (Eng).
        Assert.Equal([_world.CallerFor(Who.Enterprise).AccountId, _world.Ent2], Ids(Who.Super, "en"));
        Assert.Equal([_world.Ent2], Ids(Who.DeptInScope, "en"));
        Assert.Empty(Ids(Who.DeptOutOfScope, "en"));
        Assert.Equal([_world.Erin], Ids(Who.DeptOutOfScope, "er"));
        Assert.Empty(Ids(Who.DeptInScope, "er"));
    }

    [Fact]
    public void A_narrow_scope_still_fills_the_limit()
    {
        for (int i = 0; i < DirectorySearch.MaxLimit + 10; i++)
        {
            Member($"xa-{i:D2}", _world.Eng);
        }

        long[] inScope = [Member("xz-1", _world.West), Member("xz-2", _world.East), Member("xz-3", _world.West)];

        IReadOnlyList<AdminSearchHitBody> hits = _world.Search.Find(_world.CallerFor(Who.DeptInScope), "x", 2);

        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.Contains(h.Id, inScope));
        Assert.Equal(DirectorySearch.MaxLimit, _world.Search.Find(_world.Stack.Admin, "x", DirectorySearch.MaxLimit).Count);
    }

    [Fact]
    public void Frozen_accounts_are_found_by_administrators_flagged_but_never_by_the_client_search()
    {
        AdminSearchHitBody fay = _world.Search.Find(_world.CallerFor(Who.DeptInScope), "fay", 20).Single();
        Assert.Equal((_world.Frozen, "frozen"), (fay.Id, fay.State));
        Assert.Equal("active", _world.Search.Find(_world.Stack.Admin, "alice", 20).Single().State);

        var search = new DirectorySearch(_world.Stack.Store);
        long viewer = _world.CallerFor(Who.User).AccountId;
        Assert.Empty(search.Search("fay", 20, DirectoryView.Everything, viewer));
        Assert.Null(search.VisibleCard(DirectoryView.Everything, viewer, _world.Frozen));
        Assert.Single(search.AdminSearch("fay", 20, null));

        _world.Dir.Restore(_world.Stack.Admin, _world.Frozen);
        Assert.Single(search.Search("fay", 20, DirectoryView.Everything, viewer));
        _world.Dir.Delete(_world.Stack.Admin, _world.Frozen);
        Assert.Empty(search.AdminSearch("fay", 20, null));
    }

    [Fact]
    public void The_primary_department_is_named_only_inside_the_scope()
    {
        // dave: primary East (Sales scope), also in Eng.
        AdminSearchHitBody inside = _world.Search.Find(_world.CallerFor(Who.DeptInScope), "dave", 20).Single();
        Assert.Equal((_world.East, "East", "Rep"), (inside.PrimaryDepartmentId, inside.PrimaryDepartment, inside.Title));

        AdminSearchHitBody outside = _world.Search.Find(_world.CallerFor(Who.DeptOutOfScope), "dave", 20).Single();
        Assert.Equal((_world.East, null), (outside.PrimaryDepartmentId, outside.PrimaryDepartment));

        AdminSearchHitBody loner = _world.Search.Find(_world.Stack.Admin, "loner", 20).Single();
        Assert.Equal((null, null), (loner.PrimaryDepartmentId, loner.PrimaryDepartment));
    }

    [Theory]
    [InlineData("", 20, "q: must be 1 to 64 characters")]
    [InlineData("   ", 20, "q: must be 1 to 64 characters")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 20, "q: must be 1 to 64 characters")]
    [InlineData("alice", 0, "limit: must be a whole number from 1 to 50")]
    [InlineData("alice", 51, "limit: must be a whole number from 1 to 50")]
    public void Bad_queries_and_limits_are_refused_clearly(string query, int limit, string message)
    {
        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _world.Search.Find(_world.Stack.Admin, query, limit));
        Assert.StartsWith(message, error.Message);
    }

    private List<long> Ids(Who who, string query) => _world.Search.Find(_world.CallerFor(who), query, 50).Select(h => h.Id).ToList();

    private long Member(string name, long department)
    {
        long id = _world.Stack.NewAccount(name);
        _world.Dir.SetMemberships(_world.Stack.Admin, id, [new MembershipInput(department, true, string.Empty, null)]);
        return id;
    }
}
