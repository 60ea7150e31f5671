using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Administration;
using Ferry.Appliance.Hosting;
using Ferry.Appliance.Identity;
using Ferry.Appliance.Storage;
using Ferry.Testing;
using Microsoft.Data.Sqlite;

namespace Ferry.Directory.Tests;

/// <summary>
/// The directory as ferryd wires it, on a migrated SQLite file in a fresh temp directory, with the super
/// administrator signed in as <see cref="Admin"/>.
/// </summary>
internal sealed class DirectoryStack : IDisposable
{
    private readonly TempDirectory _temp = new("ferry-directory-tests-");

    public DirectoryStack()
    {
        Database = new SqliteDatabase(Path.Combine(_temp.Path, "ferry.db"));
        Database.Initialise();
        SchemaMigrator.Apply(Database, DataDirectory.SchemaOwners, Clock);
        var options = new FerryOptions { DataDirectory = _temp.Path, Sessions = new SessionOptions { PasswordIterations = 1000 } };
        AccountStore = new SqliteAccountStore(Database);
        Accounts = new AccountService(AccountStore, options, Clock);
        Sessions = new SessionService(AccountStore, options, Clock);
        Store = new SqliteDirectoryStore(Database);
        AdminStore = new SqliteAdminStore(Database);
        Access = new AdminAccess(AdminStore, Store);
        Directory = new DirectoryService(Store, Accounts, Sessions, new IdGenerator(Clock), Clock, Access);
        Administrators = new AdministratorService(AdminStore, Access, Store, Accounts, Clock);
        Account admin = Accounts.Create(AccountService.SuperAdministrator, "Administrator", "admin-password", isAdmin: true);
        Admin = new Caller(admin.Id, admin.Name, "test", 0, IsAdmin: true);
    }

    public ManualClock Clock { get; } = new();

    public SqliteDatabase Database { get; }

    public SqliteAccountStore AccountStore { get; }

    public AccountService Accounts { get; }

    public SessionService Sessions { get; }

    public SqliteDirectoryStore Store { get; }

    public DirectoryService Directory { get; }

    public SqliteAdminStore AdminStore { get; }

    public AdminAccess Access { get; }

    public AdministratorService Administrators { get; }

    public Caller Admin { get; }

    public Caller User(string name)
    {
        Account account = Accounts.FindByName(name) ?? Accounts.Create(name, null, "password-" + name, isAdmin: false);
        return new Caller(account.Id, account.Name, "device-" + name, 0, IsAdmin: false);
    }

    public long NewAccount(string name) => Accounts.Create(name, null, "password-" + name, isAdmin: false).Id;

    public Department Department(string name, Department? parent = null, int? position = null) =>
        Directory.CreateDepartment(Admin, name, parent?.Id ?? 0, position);

    public IReadOnlyList<string> ChildNames(Department? parent = null) =>
        Directory.Children(Admin, parent?.Id ?? 0).Select(n => n.Department.Name).ToList();

    /// <summary>Every row of the directory's tables, for "a refused request changed nothing" assertions.</summary>
    public string Snapshot()
    {
        using SqliteConnection connection = Database.Open();
        var text = new System.Text.StringBuilder();
        foreach (string table in new[] { "accounts", "departments", "account_profiles", "department_members", "profile_attributes", "account_attributes", "directory_settings", "directory_changes", "sessions", "admin_grants", "admin_grant_scopes", "enterprise_settings", "enterprise_logo", "enterprise_version" })
        {
            using SqliteCommand query = connection.Command($"SELECT * FROM {table} ORDER BY 1, 2");
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                text.Append(table).Append(':');
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    public void Dispose()
    {
        Sessions.Dispose();

        // Only this file's pool: tests of other classes run in parallel on their own files.
        using (SqliteConnection connection = Database.Open())
        {
            SqliteConnection.ClearPool(connection);
        }

        _temp.Dispose();
    }
}

internal sealed class ManualClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

internal static class FerryAssert
{
    public static FerryException Fails(ErrorCode expected, Action action)
    {
        FerryException error = Assert.Throws<FerryException>(action);
        Assert.Equal(expected, error.Code);
        return error;
    }
}
