using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Messaging;

namespace Ferry.Appliance.Tests.Support;

/// <summary>Accounts and the messaging service over a started writer, wired as ferryd wires them.</summary>
internal sealed class MessagingStack : IAsyncDisposable
{
    private MessagingStack(TempDatabase database, WriterHarness harness)
    {
        Database = database;
        Harness = harness;
        Options = TestOptions.For(database.Directory);
        Accounts = new AccountService(new SqliteAccountStore(database.Database), Options, TimeProvider.System);
        Service = new MessagingService(harness.Writer, harness.Reads, Accounts, new MessageRenderer(Accounts), Presence, Options);
    }

    public TempDatabase Database { get; }

    public WriterHarness Harness { get; }

    public FerryOptions Options { get; }

    public AccountService Accounts { get; }

    public RecordingPresence Presence { get; } = new();

    public MessagingService Service { get; }

    public static async Task<MessagingStack> StartAsync()
    {
        TempDatabase database = TempDatabase.Create();
        return new MessagingStack(database, await WriterHarness.StartAsync(database));
    }

    /// <summary>Creates an account and returns it as a caller on one device and connection.</summary>
    public Caller Join(string name, long connectionId)
    {
        Account account = Accounts.Create(name, null, "password-" + name, isAdmin: false);
        return new Caller(account.Id, account.Name, "device-" + name, connectionId, IsAdmin: false);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        Database.Dispose();
    }
}
