using System.DirectoryServices.Protocols;
using Ferry.Transport.Errors;

namespace Ferry.Ldap.Tests;

[Collection(SlapdCollection.Name)]
public sealed class LdapReaderTests(SlapdFixture slapd)
{
    [Fact]
    public void Unpaged_search_is_cut_at_the_server_limit_like_active_directory()
    {
        // The premise of the paging tests: the sync account cannot get everything in one search.
        using LdapConnection connection = slapd.Connect(SlapdFixture.SyncDn, SlapdFixture.SyncPassword);
        var request = new SearchRequest(SlapdFixture.Suffix, "(objectClass=inetOrgPerson)", SearchScope.Subtree, "uid");
        var error = Assert.Throws<DirectoryOperationException>(() => connection.SendRequest(request));
        Assert.Equal(ResultCode.SizeLimitExceeded, error.Response.ResultCode);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(LdapSettings.MaxPageSize)]
    public void Paged_read_returns_every_user(int pageSize)
    {
        LdapSettings settings = slapd.Settings(pageSize);
        UpstreamSnapshot snapshot = new LdapDirectoryReader(settings, new CapturingLogger<LdapDirectoryReader>()).Read(CancellationToken.None);

        Assert.Equal(TestData.GoodUsers, snapshot.Users.Count);
        var accounts = snapshot.Users.Select(u => u.Account).ToHashSet(StringComparer.Ordinal);
        for (int n = 1; n <= SlapdFixture.BulkUsers; n++)
        {
            Assert.Contains(TestData.BulkAccount(n), accounts);
        }
    }

    [Fact]
    public void Search_follows_the_cookie_page_by_page()
    {
        LdapSettings settings = slapd.Settings(pageSize: 300);
        var reader = new LdapDirectoryReader(settings, new CapturingLogger<LdapDirectoryReader>());
        using LdapConnection connection = slapd.Connect(SlapdFixture.SyncDn, SlapdFixture.SyncPassword);

        (List<LdapEntry> entries, int pages) = reader.Search(connection, settings.UserFilter, ["uid"], CancellationToken.None);

        int expected = TestData.GoodUsers + TestData.OddEntries;
        Assert.Equal(expected, entries.Count);
        Assert.InRange(pages, (expected + 299) / 300, ((expected + 299) / 300) + 1);
        Assert.Equal(entries.Count, entries.Select(e => e.Dn).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Organizational_units_become_a_department_tree()
    {
        UpstreamSnapshot snapshot = Read();
        Assert.Equal(TestData.Departments, snapshot.Departments.Count);
        Dictionary<string, UpstreamDepartment> byDn = snapshot.Departments.ToDictionary(d => d.Dn, LdapDn.Comparer);

        Assert.Null(byDn[TestData.Engineering].ParentDn);
        Assert.True(LdapDn.Comparer.Equals(TestData.Engineering, byDn[TestData.Apps].ParentDn));
        Assert.True(LdapDn.Comparer.Equals(TestData.Apps, byDn[TestData.Mobile].ParentDn));
        Assert.Equal("华东", byDn[TestData.EastChina].Name);
        Assert.True(LdapDn.Comparer.Equals(TestData.Sales, byDn[TestData.EastChina].ParentDn));

        // Siblings ranked by name: Engineering, Sales, Staff at the top; Apps before Platform.
        Assert.Equal([0, 1, 2], new[] { TestData.Engineering, TestData.Sales, TestData.Staff }.Select(d => byDn[d].Order));
        Assert.Equal(0, byDn[TestData.Apps].Order);
        Assert.Equal(1, byDn[TestData.Platform].Order);

        // entryUUID is read as the stable id, distinct per OU.
        Assert.All(snapshot.Departments, d => Assert.True(Guid.TryParse(d.UniqueId, out _)));
        Assert.Equal(snapshot.Departments.Count, snapshot.Departments.Select(d => d.UniqueId).Distinct().Count());

        // Parent before child, so creating in list order always finds the parent.
        var seen = new HashSet<string>(LdapDn.Comparer);
        foreach (UpstreamDepartment department in snapshot.Departments)
        {
            Assert.True(department.ParentDn is null || seen.Contains(department.ParentDn), department.Dn);
            seen.Add(department.Dn);
        }
    }

    [Fact]
    public void Users_are_mapped_with_their_fields_and_nearest_department()
    {
        UpstreamSnapshot snapshot = Read();
        UpstreamUser zhang = snapshot.Users.Single(u => u.Account == "zhangsan");
        Assert.True(LdapDn.Comparer.Equals(TestData.ZhangSan, zhang.Dn));
        Assert.True(LdapDn.Comparer.Equals(TestData.Platform, zhang.DepartmentDn));
        Assert.Equal("张三", zhang.DisplayName);
        Assert.Equal("zhangsan@ferry.test", zhang.Mail);
        Assert.Equal("+86 138 0000 0001", zhang.Mobile);
        Assert.Equal("+86 21 5555 0101", zhang.Phone);
        Assert.Equal("工程师", zhang.Title);
        Assert.Equal("E0001", zhang.EmployeeNumber);
        Assert.Equal("CC-100", zhang.Attributes["cost_centre"]);

        UpstreamUser li = snapshot.Users.Single(u => u.Account == "lisi");
        Assert.True(LdapDn.Comparer.Equals(TestData.EastChina, li.DepartmentDn));
        Assert.Equal(string.Empty, li.Mobile);

        // A user in a plain container (like AD's CN=Users) has no department.
        Assert.Null(snapshot.Users.Single(u => u.Account == "contractor1").DepartmentDn);
        Assert.True(LdapDn.Comparer.Equals(TestData.Team(2), snapshot.Users.Single(u => u.Account == TestData.BulkAccount(1)).DepartmentDn));
    }

    [Fact]
    public void Odd_entries_are_reported_one_by_one_and_the_rest_is_read()
    {
        UpstreamSnapshot snapshot = Read();
        Assert.Equal(TestData.OddEntries, snapshot.Errors.Count);

        LdapEntryError Error(string dnStart) => Assert.Single(snapshot.Errors, e => e.Dn.StartsWith(dnStart, StringComparison.OrdinalIgnoreCase));

        LdapEntryError noUid = Error("cn=No Uid");
        Assert.Null(noUid.Account);
        Assert.Contains("no account name", noUid.Problem, StringComparison.Ordinal);
        Assert.Contains("'mail' has 2 values", Error("uid=multimail").Problem, StringComparison.Ordinal);
        Assert.Equal("multimail", Error("uid=multimail").Account);
        Assert.Contains("'title' is 150 characters", Error("uid=longtitle").Problem, StringComparison.Ordinal);
        Assert.Contains("account name 'bad name!'", Error("cn=Bad Name").Problem, StringComparison.Ordinal);
        Assert.Contains("control characters", Error("uid=linebreak").Problem, StringComparison.Ordinal);
        Assert.Equal(2, snapshot.Errors.Count(e => e.Account == "dup" && e.Problem.Contains("used by 2 entries", StringComparison.Ordinal)));

        Assert.DoesNotContain(snapshot.Users, u => u.Account is "multimail" or "longtitle" or "linebreak" or "dup");
    }

    [Fact]
    public void Wrong_service_password_fails_the_whole_read_without_showing_the_password()
    {
        var logger = new CapturingLogger<LdapDirectoryReader>();
        LdapSettings settings = slapd.Settings() with { BindPassword = "not-the-sync-password" };
        var error = Assert.Throws<FerryException>(() => new LdapDirectoryReader(settings, logger).Read(CancellationToken.None));
        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.Contains(SlapdFixture.SyncDn, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-sync-password", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(settings.BindPassword, settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_fails_the_read()
    {
        LdapSettings settings = slapd.Settings() with { Port = ClosedPort() };
        var error = await Assert.ThrowsAsync<FerryException>(() => new LdapDirectoryReader(settings, new CapturingLogger<LdapDirectoryReader>()).ReadAsync(CancellationToken.None));
        Assert.Equal(ErrorCode.Unavailable, error.Code);
    }

    internal static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private UpstreamSnapshot Read() =>
        new LdapDirectoryReader(slapd.Settings(), new CapturingLogger<LdapDirectoryReader>()).Read(CancellationToken.None);
}
