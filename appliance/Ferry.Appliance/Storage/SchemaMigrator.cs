using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Storage;

/// <summary>One schema step of one capability. Steps of a module apply in version order, each once.</summary>
internal sealed record Migration(string Module, int Version, string Description, string Sql);

/// <summary>A capability that owns tables names its migrations here.</summary>
internal interface ISchemaOwner
{
    IEnumerable<Migration> Migrations { get; }
}

/// <summary>
/// Applies the missing migrations at start, each in its own transaction, recording them in
/// <c>schema_migrations</c>. Refuses to start on a database newer than this binary knows.
/// </summary>
internal static class SchemaMigrator
{
    public static IReadOnlyList<Migration> Apply(SqliteDatabase database, IEnumerable<ISchemaOwner> owners, TimeProvider clock)
    {
        using SqliteConnection connection = database.Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations(
                module TEXT NOT NULL,
                version INTEGER NOT NULL,
                description TEXT NOT NULL,
                applied_ms INTEGER NOT NULL,
                PRIMARY KEY(module, version)) WITHOUT ROWID;
            """);

        var applied = new Dictionary<string, int>(StringComparer.Ordinal);
        using (SqliteCommand query = connection.CreateCommand())
        {
            query.CommandText = "SELECT module, MAX(version) FROM schema_migrations GROUP BY module";
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                applied[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var done = new List<Migration>();
        foreach (IGrouping<string, Migration> module in owners.SelectMany(o => o.Migrations).GroupBy(m => m.Module))
        {
            int current = applied.GetValueOrDefault(module.Key);
            int known = module.Max(m => m.Version);
            if (current > known)
            {
                throw new InvalidOperationException($"the database's '{module.Key}' schema is at version {current}, newer than this ferryd knows ({known}); run a newer ferryd");
            }

            foreach (Migration migration in module.Where(m => m.Version > current).OrderBy(m => m.Version))
            {
                using SqliteTransaction transaction = connection.BeginTransaction();
                SqliteDatabase.Execute(connection, migration.Sql, transaction);
                using SqliteCommand record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations(module, version, description, applied_ms) VALUES($m, $v, $d, $t)";
                record.Parameters.AddWithValue("$m", migration.Module);
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$d", migration.Description);
                record.Parameters.AddWithValue("$t", clock.GetUtcNow().ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
                transaction.Commit();
                done.Add(migration);
            }
        }

        return done;
    }
}
