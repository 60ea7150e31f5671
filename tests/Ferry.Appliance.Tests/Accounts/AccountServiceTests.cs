using Ferry.Appliance.Accounts;
using Ferry.Appliance.Security;
using Ferry.Appliance.Tests.Support;

namespace Ferry.Appliance.Tests.Accounts;

public sealed class AccountServiceTests : IDisposable
{
    private readonly TempDatabase _temp = TempDatabase.Create();
    private readonly SqliteAccountStore _store;
    private readonly AccountService _accounts;

    public AccountServiceTests()
    {
        _store = new SqliteAccountStore(_temp.Database);
        _accounts = new AccountService(_store, TestOptions.For(_temp.Directory), new ManualClock());
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("a")]
    [InlineData("alice.b_c-1")]
    [InlineData("7seas")]
    [InlineData("  padded  ")]
    public void Valid_names_are_accepted_trimmed(string name)
    {
        Account created = _accounts.Create(name, null, "correct horse", isAdmin: false);

        Assert.Equal(name.Trim(), created.Name);
        Assert.Equal(name.Trim(), created.DisplayName);
        Assert.Equal(created, _accounts.FindByName(name.Trim()));
    }

    [Fact]
    public void A_name_of_64_characters_is_the_longest_accepted()
    {
        Assert.Equal(64, _accounts.Create(new string('n', 64), null, "correct horse", false).Name.Length);
        FerryAssert.Fails(ErrorCode.BadRequest, () => _accounts.Create(new string('m', 65), null, "correct horse", false));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-dash-first")]
    [InlineData(".dot-first")]
    [InlineData("two words")]
    [InlineData("ålice")]
    [InlineData("semi;colon")]
    [InlineData("new\nline")]
    public void Invalid_names_are_bad_requests(string? name)
    {
        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _accounts.Create(name, null, "correct horse", false));

        Assert.Contains("account must be", error.Message, StringComparison.Ordinal);
        Assert.Empty(_accounts.List(0, 10));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("seven77")]
    public void Short_or_missing_passwords_are_bad_requests(string? password)
    {
        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _accounts.Create("alice", null, password, false));

        Assert.Contains("password must be 8 to 256", error.Message, StringComparison.Ordinal);
        Assert.Null(_accounts.FindByName("alice"));
    }

    [Fact]
    public void Password_length_bounds_are_inclusive()
    {
        _accounts.Create("eight", null, new string('p', 8), false);
        _accounts.Create("max", null, new string('p', 256), false);

        FerryAssert.Fails(ErrorCode.BadRequest, () => _accounts.Create("over", null, new string('p', 257), false));
    }

    [Theory]
    [InlineData("bell\u0007")]
    [InlineData("tab\tinside")]
    public void Display_names_with_control_characters_are_bad_requests(string displayName)
    {
        FerryAssert.Fails(ErrorCode.BadRequest, () => _accounts.Create("alice", displayName, "correct horse", false));
    }

    [Fact]
    public void Display_names_are_limited_to_100_characters()
    {
        Assert.Equal("Alice Liddell", _accounts.Create("alice", "  Alice Liddell ", "correct horse", false).DisplayName);
        _accounts.Create("bob", new string('b', 100), "correct horse", false);

        FerryAssert.Fails(ErrorCode.BadRequest, () => _accounts.Create("carol", new string('c', 101), "correct horse", false));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    [InlineData("Alice")]
    public void A_taken_name_is_a_conflict_whatever_its_case(string again)
    {
        Account first = _accounts.Create("Alice", null, "correct horse", false);

        FerryException error = FerryAssert.Fails(ErrorCode.Conflict, () => _accounts.Create(again, null, "another password", true));

        Assert.Contains(again, error.Message, StringComparison.Ordinal);
        Assert.Equal([first], _accounts.List(0, 10));
    }

    [Fact]
    public void The_stored_password_hash_uses_the_configured_iterations_and_verifies()
    {
        Account account = _accounts.Create("alice", null, "correct horse", false);

        string hash = _store.PasswordHash(account.Id)!;

        Assert.StartsWith("pbkdf2-sha256$1000$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("correct horse", hash));
        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookups_by_id_and_name_agree_and_names_are_case_insensitive()
    {
        Account alice = _accounts.Create("alice", "Alice", "correct horse", isAdmin: true);
        Account bob = _accounts.Create("bob", null, "correct horse", isAdmin: false);

        Assert.Equal(alice, _accounts.FindById(alice.Id));
        Assert.Equal(alice, _accounts.FindByNameCached("ALICE"));
        Assert.True(_accounts.FindByName("Alice")!.IsAdmin);
        Assert.Equal("bob", _accounts.NameOf(bob.Id));
        Assert.Equal("#999", _accounts.NameOf(999));
        Assert.Equal([bob], _accounts.List(alice.Id, 10));
    }
}
