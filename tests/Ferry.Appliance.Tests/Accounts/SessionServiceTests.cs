using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Tests.Support;

namespace Ferry.Appliance.Tests.Accounts;

public sealed class SessionServiceTests : IDisposable
{
    private const string Password = "correct horse";
    private readonly TempDatabase _temp = TempDatabase.Create();
    private readonly ManualClock _clock = new();
    private readonly FerryOptions _options;
    private readonly SessionService _sessions;
    private readonly Account _alice;

    public SessionServiceTests()
    {
        var store = new SqliteAccountStore(_temp.Database);
        _options = TestOptions.For(_temp.Directory);
        _sessions = new SessionService(store, _options, _clock);
        _alice = new AccountService(store, _options, _clock).Create("alice", null, Password, false);
    }

    public void Dispose()
    {
        _sessions.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Login_issues_a_token_that_resumes_on_the_same_device()
    {
        SessionGrant grant = await Login("ALICE", Password, "laptop");

        Assert.Equal(_alice, grant.Account);
        Assert.Equal(_clock.GetUtcNow().AddDays(_options.Sessions.LifetimeDays).ToUnixTimeMilliseconds(), grant.ExpiresMs);
        Assert.True(grant.Token.Length >= 43);
        SessionGrant resumed = _sessions.Resume(grant.Token, "laptop");
        Assert.Equal((grant.Token, _alice.Id, "laptop"), (resumed.Token, resumed.Account.Id, resumed.DeviceId));
        Assert.Equal(1, _temp.Scalar("SELECT count(*) FROM sessions"));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_account_fail_the_same_way()
    {
        FerryException wrong = await FerryAssert.FailsAsync(ErrorCode.BadCredentials, () => Login("alice", "not the password", "laptop"));
        FerryException unknown = await FerryAssert.FailsAsync(ErrorCode.BadCredentials, () => Login("mallory", Password, "laptop"));

        Assert.Equal(wrong.Message, unknown.Message);
        await FerryAssert.FailsAsync(ErrorCode.BadCredentials, () => Login("", Password, "laptop"));
        await FerryAssert.FailsAsync(ErrorCode.BadCredentials, () => Login("alice", null, "laptop"));
        Assert.Equal(0, _temp.Scalar("SELECT count(*) FROM sessions"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ümlaut")]
    public async Task A_malformed_device_id_is_a_bad_request(string? deviceId)
    {
        await FerryAssert.FailsAsync(ErrorCode.BadRequest, () => Login("alice", Password, deviceId));
        FerryAssert.Fails(ErrorCode.BadRequest, () => _sessions.Resume("token", deviceId));
    }

    [Fact]
    public async Task Resuming_from_another_device_is_refused()
    {
        SessionGrant grant = await Login("alice", Password, "laptop");

        FerryAssert.Fails(ErrorCode.SessionExpired, () => _sessions.Resume(grant.Token, "phone"));

        Assert.Equal(_alice.Id, _sessions.Resume(grant.Token, "laptop").Account.Id);
    }

    [Fact]
    public async Task Unknown_or_garbled_tokens_are_expired_sessions()
    {
        SessionGrant grant = await Login("alice", Password, "laptop");

        FerryAssert.Fails(ErrorCode.SessionExpired, () => _sessions.Resume(grant.Token + "x", "laptop"));
        FerryAssert.Fails(ErrorCode.SessionExpired, () => _sessions.Resume("", "laptop"));
        FerryAssert.Fails(ErrorCode.SessionExpired, () => _sessions.Resume(new string('a', 129), "laptop"));
        FerryAssert.Fails(ErrorCode.SessionExpired, () => _sessions.Authenticate(null));
    }

    [Fact]
    public async Task A_session_expires_at_the_end_of_its_lifetime()
    {
        SessionGrant grant = await Login("alice", Password, "laptop");

        _clock.Advance(TimeSpan.FromDays(_options.Sessions.LifetimeDays) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(_alice.Id, _sessions.Authenticate(grant.Token).Account.Id);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        FerryAssert.Fails(ErrorCode.SessionExpired, () => _sessions.Authenticate(grant.Token));
        FerryAssert.Fails(ErrorCode.SessionExpired, () => _sessions.Resume(grant.Token, "laptop"));
    }

    [Fact]
    public async Task Logout_revokes_only_that_session()
    {
        SessionGrant laptop = await Login("alice", Password, "laptop");
        SessionGrant phone = await Login("alice", Password, "phone");

        _sessions.Logout(laptop.Token);

        FerryAssert.Fails(ErrorCode.SessionExpired, () => _sessions.Resume(laptop.Token, "laptop"));
        Assert.Equal("phone", _sessions.Resume(phone.Token, "phone").DeviceId);
    }

    [Fact]
    public async Task A_new_login_from_a_device_replaces_its_old_session()
    {
        SessionGrant first = await Login("alice", Password, "laptop");
        SessionGrant phone = await Login("alice", Password, "phone");

        SessionGrant second = await Login("alice", Password, "laptop");

        Assert.NotEqual(first.Token, second.Token);
        FerryAssert.Fails(ErrorCode.SessionExpired, () => _sessions.Resume(first.Token, "laptop"));
        Assert.Equal(_alice.Id, _sessions.Resume(second.Token, "laptop").Account.Id);
        Assert.Equal(_alice.Id, _sessions.Resume(phone.Token, "phone").Account.Id);
        Assert.Equal(2, _temp.Scalar("SELECT count(*) FROM sessions"));
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        SessionGrant grant = await Login("alice", Password, "laptop");

        byte[] stored = Assert.Single(StoredTokenHashes());

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(grant.Token)), stored);
    }

    private Task<SessionGrant> Login(string? account, string? password, string? device) =>
        _sessions.LoginAsync(account, password, device, deviceType: 1, CancellationToken.None);

    private List<byte[]> StoredTokenHashes()
    {
        using var connection = _temp.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash FROM sessions";
        using var reader = command.ExecuteReader();
        var hashes = new List<byte[]>();
        while (reader.Read())
        {
            hashes.Add((byte[])reader[0]);
        }

        return hashes;
    }
}
