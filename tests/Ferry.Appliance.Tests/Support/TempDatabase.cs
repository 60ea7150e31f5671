using Ferry.Appliance.Hosting;
using Ferry.Appliance.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Tests.Support;

/// <summary>A real SQLite file in a fresh temp directory (WAL, migrated unless asked not to), removed afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    private TempDatabase(string directory)
    {
        Directory = directory;
        Database = new SqliteDatabase(System.IO.Path.Combine(directory, "ferry.db"));
    }

    public string Directory { get; }

    public SqliteDatabase Database { get; }

    public string Path => Database.Path;

    public static TempDatabase Create(bool migrate = true)
    {
        string directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ferry-appliance-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var temp = new TempDatabase(directory);
        temp.Database.Initialise();
        if (migrate)
        {
            SchemaMigrator.Apply(temp.Database, DataDirectory.SchemaOwners, TimeProvider.System);
        }

        return temp;
    }

    /// <summary>A second handle on the same file, as a restarted process would open it.</summary>
    public SqliteDatabase Reopen() => new(Path);

    public long Scalar(string sql)
    {
        using SqliteConnection connection = Database.Open();
        using SqliteCommand command = connection.Command(sql);
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a connection of a still-running test may hold the file.
        }
    }
}
