using Ferry.Appliance.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Enterprise;

internal sealed class SqliteEnterpriseStore(SqliteDatabase database) : IEnterpriseStore
{
    public StoredEnterprise Load()
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true);
        long version;
        using (SqliteCommand query = connection.Command("SELECT version FROM enterprise_version WHERE id = 1"))
        {
            query.Transaction = snapshot;
            version = (long)(query.ExecuteScalar() ?? 0L);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using (SqliteCommand query = connection.Command("SELECT key, value FROM enterprise_settings"))
        {
            query.Transaction = snapshot;
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                values[reader.GetString(0)] = reader.GetString(1);
            }
        }

        EnterpriseLogo? logo = null;
        using (SqliteCommand query = connection.Command("SELECT content_type, sha256, data FROM enterprise_logo WHERE id = 1"))
        {
            query.Transaction = snapshot;
            using SqliteDataReader reader = query.ExecuteReader();
            if (reader.Read())
            {
                logo = new EnterpriseLogo(reader.GetString(0), (byte[])reader.GetValue(2), reader.GetString(1));
            }
        }

        snapshot.Commit();
        return new StoredEnterprise(version, values, logo);
    }

    public long Write(EnterpriseWrite write)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        long version;
        using (SqliteCommand bump = connection.Command("UPDATE enterprise_version SET version = version + 1 WHERE id = 1 RETURNING version"))
        {
            bump.Transaction = transaction;
            version = (long)bump.ExecuteScalar()!;
        }

        foreach ((string key, string value) in write.Values)
        {
            using SqliteCommand upsert = connection.Command(
                """
                INSERT INTO enterprise_settings(key, value, version, updated_ms, updated_by) VALUES($p0, $p1, $p2, $p3, $p4)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version, updated_ms = excluded.updated_ms, updated_by = excluded.updated_by
                """,
                key, value, version, write.AtMs, write.AccountId);
            upsert.Transaction = transaction;
            upsert.ExecuteNonQuery();
        }

        if (write.RemoveLogo)
        {
            using SqliteCommand delete = connection.Command("DELETE FROM enterprise_logo WHERE id = 1");
            delete.Transaction = transaction;
            delete.ExecuteNonQuery();
        }
        else if (write.Logo is { } logo)
        {
            using SqliteCommand put = connection.Command(
                """
                INSERT INTO enterprise_logo(id, content_type, sha256, data, version, updated_ms, updated_by) VALUES(1, $p0, $p1, $p2, $p3, $p4, $p5)
                ON CONFLICT(id) DO UPDATE SET content_type = excluded.content_type, sha256 = excluded.sha256, data = excluded.data,
                    version = excluded.version, updated_ms = excluded.updated_ms, updated_by = excluded.updated_by
                """,
                logo.ContentType, logo.Sha256, logo.Data, version, write.AtMs, write.AccountId);
            put.Transaction = transaction;
            put.ExecuteNonQuery();
        }

        transaction.Commit();
        return version;
    }
}
