using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Ldap.Tests;

[Collection(SlapdCollection.Name)]
public sealed class LdapAuthenticatorTests(SlapdFixture slapd)
{
    private readonly CapturingLogger<LdapAuthenticator> _logger = new();

    private LdapAuthenticator Authenticator(LdapSettings? settings = null) => new(settings ?? slapd.Settings(), _logger);

    [Fact]
    public async Task Right_password_binds()
    {
        Assert.Equal(LdapAuthResult.Success, await Authenticator().VerifyAsync(TestData.ZhangSan, SlapdFixture.UserPassword, CancellationToken.None));
        Assert.Equal(LdapAuthResult.Success, await Authenticator().VerifyAccountAsync("zhangsan", SlapdFixture.UserPassword, CancellationToken.None));
        Assert.Equal(LdapAuthResult.Success, await Authenticator().VerifyAccountAsync("LiSi", SlapdFixture.UserPassword, CancellationToken.None));
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_never_logged()
    {
        const string wrong = "Wrong-Password-123";
        Assert.Equal(LdapAuthResult.InvalidCredentials, await Authenticator().VerifyAsync(TestData.ZhangSan, wrong, CancellationToken.None));
        Assert.Equal(LdapAuthResult.InvalidCredentials, await Authenticator().VerifyAccountAsync("zhangsan", wrong, CancellationToken.None));
        Assert.NotEmpty(_logger.Lines);
        Assert.DoesNotContain(_logger.Lines, line => line.Contains(wrong, StringComparison.Ordinal) || line.Contains(SlapdFixture.SyncPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Empty_password_is_never_an_unauthenticated_bind()
    {
        Assert.Equal(LdapAuthResult.InvalidCredentials, await Authenticator().VerifyAsync(TestData.ZhangSan, string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_user_is_refused()
    {
        Assert.Equal(LdapAuthResult.InvalidCredentials, await Authenticator().VerifyAsync("uid=nobody," + TestData.Sales, SlapdFixture.UserPassword, CancellationToken.None));
        Assert.Equal(LdapAuthResult.UnknownUser, await Authenticator().VerifyAccountAsync("nobody", SlapdFixture.UserPassword, CancellationToken.None));

        // Filter metacharacters in the name are escaped, not interpreted: "*" matches no one.
        Assert.Equal(LdapAuthResult.UnknownUser, await Authenticator().VerifyAccountAsync("*", SlapdFixture.UserPassword, CancellationToken.None));
    }

    [Fact]
    public async Task Ambiguous_account_name_is_refused()
    {
        Assert.Equal(LdapAuthResult.UnknownUser, await Authenticator().VerifyAccountAsync("dup", SlapdFixture.UserPassword, CancellationToken.None));
    }

    [Fact]
    public async Task Unreachable_server_is_unavailable_not_a_wrong_password()
    {
        LdapSettings settings = slapd.Settings() with { Port = LdapReaderTests.ClosedPort(), AuthenticationTimeout = TimeSpan.FromSeconds(2) };
        Assert.Equal(LdapAuthResult.Unavailable, await Authenticator(settings).VerifyAsync(TestData.ZhangSan, SlapdFixture.UserPassword, CancellationToken.None));
    }

    [Fact]
    public async Task Silent_server_times_out()
    {
        // Accepts TCP connections and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<Socket>();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await silent.AcceptSocketAsync());
                }
            }
            catch (Exception)
            {
                // Listener stopped.
            }
        });

        LdapSettings settings = slapd.Settings() with { Port = ((IPEndPoint)silent.LocalEndpoint).Port, AuthenticationTimeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        Assert.Equal(LdapAuthResult.Unavailable, await Authenticator(settings).VerifyAsync(TestData.ZhangSan, "secret-in-flight", CancellationToken.None));
        // What matters is the bound: a server that never answers must not hold a login for longer than the timeout
        // allows. (How soon libldap gives up below that depends on the machine, so there is no lower bound.)
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"a silent server held the login for {clock.Elapsed}");
        Assert.DoesNotContain(_logger.Lines, line => line.Contains("secret-in-flight", StringComparison.Ordinal));
        silent.Stop();
        held.ForEach(s => s.Dispose());
    }
}
