using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Storage;

/// <summary>
/// The embedded SQLite database file. WAL lets readers run beside the one writer; <c>synchronous=FULL</c> makes a
/// commit durable (fsync of the WAL) before it returns, which is what lets the server acknowledge after commit.
/// </summary>
internal sealed class SqliteDatabase
{
    /// <summary>Page cache of the messaging writer's connection, in KiB (64 MiB).</summary>
    public const int WriterCacheKiB = 64 * 1024;

    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>A pooled connection for reads and for the occasional write outside the messaging writer.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Sets file-level modes once at start (journal mode persists in the file).</summary>
    public void Initialise()
    {
        using SqliteConnection connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, "PRAGMA synchronous=FULL;");
    }

    /// <summary>
    /// A connection owned by one writer for its whole life, tuned for durable group commits. Its page cache is 64 MiB
    /// instead of SQLite's 2 MiB: every send inserts into the (sender, client message id) index at a random place
    /// (client ids are random UUIDs), and with the small cache most of those inserts first re-read their leaf page
    /// from the file. Measured in docs/performance.md ("What changed").
    /// </summary>
    public SqliteConnection OpenWriter()
    {
        SqliteConnection connection = Open();
        Execute(connection, $"PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=4000; PRAGMA cache_size=-{WriterCacheKiB};");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
