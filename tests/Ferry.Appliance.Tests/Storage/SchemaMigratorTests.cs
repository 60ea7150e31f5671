using Ferry.Appliance.Hosting;
using Ferry.Appliance.Storage;
using Ferry.Appliance.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Tests.Storage;

public sealed class SchemaMigratorTests
{
    [Fact]
    public void Empty_database_gets_every_table_and_records_each_version()
    {
        using TempDatabase temp = TempDatabase.Create(migrate: false);
        var clock = new ManualClock();

        IReadOnlyList<Migration> applied = SchemaMigrator.Apply(temp.Database, DataDirectory.SchemaOwners, clock);

        Assert.Equal(
            DataDirectory.SchemaOwners.SelectMany(o => o.Migrations).Select(m => m.Module).Distinct().Order(),
            applied.Select(m => m.Module).Distinct().Order());
        foreach (string table in new[] { "accounts", "sessions", "conversations", "conversation_members", "messages", "schema_migrations" })
        {
            Assert.Equal(1, temp.Scalar($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        }

        Assert.Equal(1, temp.Scalar("SELECT version FROM schema_migrations WHERE module = 'accounts'"));
        Assert.Equal(1, temp.Scalar("SELECT version FROM schema_migrations WHERE module = 'messaging'"));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), temp.Scalar("SELECT max(applied_ms) FROM schema_migrations"));
        Assert.Equal("wal", JournalMode(temp));
    }

    [Fact]
    public void Reapplying_changes_nothing()
    {
        using TempDatabase temp = TempDatabase.Create();
        Execute(temp, "INSERT INTO accounts(name, display_name, password_hash, created_ms) VALUES('kept', 'Kept', 'x', 1)");
        long before = temp.Scalar("SELECT count(*) FROM schema_migrations");

        IReadOnlyList<Migration> again = SchemaMigrator.Apply(temp.Database, DataDirectory.SchemaOwners, TimeProvider.System);

        Assert.Empty(again);
        Assert.Equal(before, temp.Scalar("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM accounts WHERE name = 'kept'"));
    }

    [Fact]
    public void Only_the_missing_steps_of_a_module_apply_in_order()
    {
        using TempDatabase temp = TempDatabase.Create(migrate: false);
        var v1 = new Migration("extra", 1, "first", "CREATE TABLE extra(a INTEGER);");
        var v2 = new Migration("extra", 2, "second", "ALTER TABLE extra ADD COLUMN b INTEGER;");
        SchemaMigrator.Apply(temp.Database, [new Owner(v1)], TimeProvider.System);

        IReadOnlyList<Migration> applied = SchemaMigrator.Apply(temp.Database, [new Owner(v2, v1)], TimeProvider.System);

        Assert.Equal([v2], applied);
        Assert.Equal(2, temp.Scalar("SELECT max(version) FROM schema_migrations WHERE module = 'extra'"));
        Execute(temp, "INSERT INTO extra(a, b) VALUES(1, 2)");
    }

    [Fact]
    public void A_database_newer_than_this_binary_is_refused_by_module_and_version()
    {
        using TempDatabase temp = TempDatabase.Create();
        Execute(temp, "INSERT INTO schema_migrations(module, version, description, applied_ms) VALUES('messaging', 7, 'from the future', 0)");

        var error = Assert.Throws<InvalidOperationException>(() => SchemaMigrator.Apply(temp.Database, DataDirectory.SchemaOwners, TimeProvider.System));

        Assert.Contains("'messaging'", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer than this ferryd knows (1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_step_leaves_no_record_and_no_partial_schema()
    {
        using TempDatabase temp = TempDatabase.Create(migrate: false);
        var broken = new Migration("broken", 1, "half", "CREATE TABLE half(a INTEGER); THIS IS NOT SQL;");

        Assert.Throws<SqliteException>(() => SchemaMigrator.Apply(temp.Database, [new Owner(broken)], TimeProvider.System));

        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM schema_migrations WHERE module = 'broken'"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half'"));
    }

    private static void Execute(TempDatabase temp, string sql)
    {
        using SqliteConnection connection = temp.Database.Open();
        SqliteDatabase.Execute(connection, sql);
    }

    private static string JournalMode(TempDatabase temp)
    {
        using SqliteConnection connection = temp.Database.Open();
        using SqliteCommand command = connection.Command("PRAGMA journal_mode");
        return (string)command.ExecuteScalar()!;
    }

    private sealed class Owner(params Migration[] migrations) : ISchemaOwner
    {
        public IEnumerable<Migration> Migrations => migrations;
    }
}
