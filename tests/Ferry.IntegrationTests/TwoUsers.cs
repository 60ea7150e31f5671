using Ferry.Testing;

namespace Ferry.IntegrationTests;

/// <summary>A running server with two ordinary accounts, alice and bob.</summary>
public sealed class TwoUsers : IAsyncDisposable
{
    public const string AlicePassword = "alice-password-1";
    public const string BobPassword = "bob-password-1";

    private TwoUsers(FerrydProcess server, AdminApi admin)
    {
        Server = server;
        Admin = admin;
    }

    public FerrydProcess Server { get; }

    public AdminApi Admin { get; }

    public static async Task<TwoUsers> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        FerrydProcess server = await FerrydProcess.StartNewAsync(environment);
        var admin = new AdminApi(server);
        await admin.LoginAsAdminAsync();
        await admin.CreateAccountAsync("alice", AlicePassword);
        await admin.CreateAccountAsync("bob", BobPassword);
        return new TwoUsers(server, admin);
    }

    internal Task<(RawFramedClient Client, Transport.Contracts.LoginResponse Session)> ConnectAsync(string account, string device = "dev-1") =>
        RawFramedClient.ConnectAndLoginAsync("127.0.0.1", Server.FramedPort, Server.Fingerprint, account, account == "alice" ? AlicePassword : BobPassword, device);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>One server shared by the tests of a class; tests that stop or kill the server make their own.</summary>
public sealed class SharedServer : Xunit.IAsyncLifetime
{
    public TwoUsers Users { get; private set; } = null!;

    public async Task InitializeAsync() => Users = await TwoUsers.StartAsync();

    public async Task DisposeAsync() => await Users.DisposeAsync();
}
