using Ferry.Appliance.Storage;
using Ferry.Transport.Errors;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory;

/// <summary>
/// SQLite side of the directory: departments, settings and change pages here, accounts in the other part.
/// Writes run in <c>BEGIN IMMEDIATE</c> transactions; versions are stamped by the schema's triggers.
/// </summary>
internal sealed partial class SqliteDirectoryStore(SqliteDatabase database) : IDirectoryStore
{
    private const int SqliteConstraintUnique = 2067;
    private const string DepartmentColumns = "d.id, d.parent_id, d.name, d.sort_order, c.version";
    private const string DepartmentFrom = "departments d JOIN directory_changes c ON c.kind = 1 AND c.entity_id = d.id";

    public long CurrentVersion()
    {
        using SqliteConnection connection = database.Open();
        return CurrentVersion(connection, null);
    }

    public Department? FindDepartment(long id)
    {
        using SqliteConnection connection = database.Open();
        return FindDepartment(connection, null, id);
    }

    public IReadOnlyList<DepartmentNode> Children(long parentId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command($"""
            SELECT {DepartmentColumns},
                (SELECT COUNT(*) FROM departments k WHERE k.parent_id = d.id),
                (SELECT COUNT(*) FROM department_members m WHERE m.department_id = d.id)
            FROM {DepartmentFrom} WHERE d.parent_id = $p0 ORDER BY d.sort_order, d.id
            """, parentId);
        using SqliteDataReader reader = query.ExecuteReader();
        var children = new List<DepartmentNode>();
        while (reader.Read())
        {
            children.Add(new DepartmentNode(ReadDepartment(reader), reader.GetInt32(5), reader.GetInt32(6)));
        }

        return children;
    }

    public IReadOnlyList<long> AncestorsOf(long departmentId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command("""
            WITH RECURSIVE chain(id, parent_id, depth) AS (
                SELECT id, parent_id, 0 FROM departments WHERE id = $p0
                UNION ALL
                SELECT d.id, d.parent_id, chain.depth + 1 FROM departments d JOIN chain ON d.id = chain.parent_id WHERE chain.depth < 10000)
            SELECT id FROM chain ORDER BY depth
            """, departmentId);
        using SqliteDataReader reader = query.ExecuteReader();
        var chain = new List<long>();
        while (reader.Read())
        {
            chain.Add(reader.GetInt64(0));
        }

        return chain;
    }

    public int MemberCount(long departmentId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command("SELECT COUNT(*) FROM department_members WHERE department_id = $p0", departmentId);
        return Convert.ToInt32(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Department CreateDepartment(long id, long parentId, string name, int? position, long nowMs) =>
        Write(transaction =>
        {
            List<long> siblings = SiblingIds(transaction, parentId, exceptId: id);
            InsertOrConflict(name, () =>
            {
                using SqliteCommand insert = Command(transaction,
                    "INSERT INTO departments(id, parent_id, name, sort_order, created_ms, updated_ms) VALUES($p0, $p1, $p2, $p3, $p4, $p4)",
                    id, parentId, name, siblings.Count, nowMs);
                insert.ExecuteNonQuery();
            });
            Place(transaction, siblings, id, position, nowMs);
            return FindDepartment(transaction.Connection!, transaction, id)!;
        });

    public Department RenameDepartment(long id, string name, long nowMs) =>
        Write(transaction =>
        {
            InsertOrConflict(name, () =>
            {
                using SqliteCommand update = Command(transaction, "UPDATE departments SET name = $p1, updated_ms = $p2 WHERE id = $p0 AND name IS NOT $p1", id, name, nowMs);
                update.ExecuteNonQuery();
            });
            return FindDepartment(transaction.Connection!, transaction, id)!;
        });

    public Department MoveDepartment(long id, long parentId, int? position, long nowMs) =>
        Write(transaction =>
        {
            Department before = FindDepartment(transaction.Connection!, transaction, id)!;
            if (before.ParentId != parentId)
            {
                InsertOrConflict(before.Name, () =>
                {
                    using SqliteCommand update = Command(transaction, "UPDATE departments SET parent_id = $p1, updated_ms = $p2 WHERE id = $p0", id, parentId, nowMs);
                    update.ExecuteNonQuery();
                });
                Renumber(transaction, SiblingIds(transaction, before.ParentId, exceptId: id), nowMs);
            }

            Place(transaction, SiblingIds(transaction, parentId, exceptId: id), id, position, nowMs);
            return FindDepartment(transaction.Connection!, transaction, id)!;
        });

    public void ReorderChildren(long parentId, IReadOnlyList<long> orderedIds, long nowMs) =>
        Write(transaction =>
        {
            Renumber(transaction, orderedIds, nowMs);
            return true;
        });

    public void DeleteDepartment(long id) =>
        Write(transaction =>
        {
            Department? department = FindDepartment(transaction.Connection!, transaction, id);
            if (department is not null)
            {
                using SqliteCommand delete = Command(transaction, "DELETE FROM departments WHERE id = $p0", id);
                delete.ExecuteNonQuery();
                Renumber(transaction, SiblingIds(transaction, department.ParentId, exceptId: id), null);
            }

            return true;
        });

    public DirectorySettings Settings()
    {
        using SqliteConnection connection = database.Open();
        return ReadSettings(connection, null);
    }

    public void SetFieldEditability(IReadOnlyDictionary<string, bool> editable) =>
        Write(transaction =>
        {
            foreach ((string field, bool userEditable) in editable)
            {
                using SqliteCommand update = Command(transaction,
                    "INSERT INTO directory_settings(key, value) VALUES($p0, $p1) ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
                    ProfileFields.EditableSettingPrefix + field, userEditable ? "1" : "0");
                update.ExecuteNonQuery();
            }

            return true;
        });

    public AttributeDefinition PutAttribute(string key, string label, bool userEditable) =>
        Write(transaction =>
        {
            using SqliteCommand upsert = Command(transaction, """
                INSERT INTO profile_attributes(key, label, user_editable, sort_order)
                VALUES($p0, $p1, $p2, (SELECT COALESCE(MAX(sort_order) + 1, 0) FROM profile_attributes))
                ON CONFLICT(key) DO UPDATE SET label = excluded.label, user_editable = excluded.user_editable
                RETURNING sort_order
                """, key, label, userEditable ? 1 : 0);
            int order = Convert.ToInt32(upsert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            return new AttributeDefinition(key, label, userEditable, order);
        });

    public bool DeleteAttribute(string key) =>
        Write(transaction =>
        {
            using SqliteCommand values = Command(transaction, "DELETE FROM account_attributes WHERE key = $p0", key);
            values.ExecuteNonQuery();
            using SqliteCommand definition = Command(transaction, "DELETE FROM profile_attributes WHERE key = $p0", key);
            return definition.ExecuteNonQuery() > 0;
        });

    public DirectoryChanges ChangesSince(long sinceVersion, int limit)
    {
        using SqliteConnection connection = database.Open();

        // One read transaction: every query below sees the same snapshot, so the page is consistent.
        using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true);
        bool reset = sinceVersion > CurrentVersion(connection, snapshot);
        if (reset)
        {
            sinceVersion = 0;
        }

        long upTo;
        using (SqliteCommand page = Command(snapshot, "SELECT MAX(version) FROM (SELECT version FROM directory_changes WHERE version > $p0 ORDER BY version LIMIT $p1)", sinceVersion, limit))
        {
            object? last = page.ExecuteScalar();
            if (last is null or DBNull)
            {
                return new DirectoryChanges([], [], [], null, sinceVersion, More: false, reset);
            }

            upTo = (long)last;
        }

        bool more;
        using (SqliteCommand after = Command(snapshot, "SELECT EXISTS(SELECT 1 FROM directory_changes WHERE version > $p0)", upTo))
        {
            more = (long)after.ExecuteScalar()! != 0;
        }

        // "+kind" keeps SQLite off the (kind, entity_id) index, which would scan every entity of that kind per page
        // (O(entities) a page, O(entities²) a full sync); the version range on the primary key reads only this page.
        var departments = new List<Department>();
        var tombstones = new List<Tombstone>();
        using (SqliteCommand changed = Command(snapshot, """
            SELECT c.entity_id, d.parent_id, d.name, d.sort_order, c.version, d.id IS NULL
            FROM directory_changes c LEFT JOIN departments d ON d.id = c.entity_id
            WHERE +c.kind = 1 AND c.version > $p0 AND c.version <= $p1 ORDER BY c.version
            """, sinceVersion, upTo))
        {
            using SqliteDataReader reader = changed.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetBoolean(5))
                {
                    tombstones.Add(new Tombstone(ChangeKind.Department, reader.GetInt64(0), null, null, reader.GetInt64(4)));
                }
                else
                {
                    departments.Add(ReadDepartment(reader));
                }
            }
        }

        var accounts = new List<DirectoryAccount>();
        foreach (DirectoryAccount account in LoadAccounts(connection, snapshot,
            "SELECT entity_id FROM directory_changes WHERE +kind = 2 AND version > $p0 AND version <= $p1", sinceVersion, upTo).OrderBy(a => a.Version))
        {
            if (account.State == Accounts.AccountState.Deleted)
            {
                tombstones.Add(new Tombstone(ChangeKind.Account, account.Id, account.Name, account.DisplayName, account.Version));
            }
            else
            {
                accounts.Add(account);
            }
        }

        DirectorySettings? settings = null;
        using (SqliteCommand settingsChanged = Command(snapshot, "SELECT EXISTS(SELECT 1 FROM directory_changes WHERE +kind = 3 AND version > $p0 AND version <= $p1)", sinceVersion, upTo))
        {
            if ((long)settingsChanged.ExecuteScalar()! != 0)
            {
                settings = ReadSettings(connection, snapshot);
            }
        }

        tombstones.Sort((a, b) => a.Version.CompareTo(b.Version));
        return new DirectoryChanges(departments, accounts, tombstones, settings, upTo, more, reset);
    }

    private static long CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using SqliteCommand query = connection.Command("SELECT COALESCE(MAX(version), 0) FROM directory_changes");
        query.Transaction = transaction;
        return (long)query.ExecuteScalar()!;
    }

    private static Department? FindDepartment(SqliteConnection connection, SqliteTransaction? transaction, long id)
    {
        using SqliteCommand query = connection.Command($"SELECT {DepartmentColumns} FROM {DepartmentFrom} WHERE d.id = $p0", id);
        query.Transaction = transaction;
        using SqliteDataReader reader = query.ExecuteReader();
        return reader.Read() ? ReadDepartment(reader) : null;
    }

    private static Department ReadDepartment(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4));

    private static DirectorySettings ReadSettings(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var editable = new Dictionary<string, bool>(StringComparer.Ordinal);
        using (SqliteCommand fields = connection.Command("SELECT key, value FROM directory_settings WHERE key LIKE $p0", ProfileFields.EditableSettingPrefix + "%"))
        {
            fields.Transaction = transaction;
            using SqliteDataReader reader = fields.ExecuteReader();
            while (reader.Read())
            {
                editable[reader.GetString(0)[ProfileFields.EditableSettingPrefix.Length..]] = reader.GetString(1) == "1";
            }
        }

        var attributes = new List<AttributeDefinition>();
        using (SqliteCommand definitions = connection.Command("SELECT key, label, user_editable, sort_order FROM profile_attributes ORDER BY sort_order, key"))
        {
            definitions.Transaction = transaction;
            using SqliteDataReader reader = definitions.ExecuteReader();
            while (reader.Read())
            {
                attributes.Add(new AttributeDefinition(reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0, reader.GetInt32(3)));
            }
        }

        using SqliteCommand version = connection.Command("SELECT COALESCE(MAX(version), 0) FROM directory_changes WHERE kind = 3 AND entity_id = 0");
        version.Transaction = transaction;
        return new DirectorySettings(editable, attributes, (long)version.ExecuteScalar()!);
    }

    /// <summary>The parent's children in sibling order, leaving out one (the one being placed).</summary>
    private static List<long> SiblingIds(SqliteTransaction transaction, long parentId, long exceptId)
    {
        using SqliteCommand query = Command(transaction, "SELECT id FROM departments WHERE parent_id = $p0 AND id <> $p1 ORDER BY sort_order, id", parentId, exceptId);
        using SqliteDataReader reader = query.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>Puts <paramref name="id"/> at <paramref name="position"/> (clamped; null: last) and renumbers the siblings.</summary>
    private static void Place(SqliteTransaction transaction, List<long> siblings, long id, int? position, long nowMs)
    {
        siblings.Insert(Math.Clamp(position ?? siblings.Count, 0, siblings.Count), id);
        Renumber(transaction, siblings, nowMs);
    }

    /// <summary>
    /// Invariant: siblings are numbered 0, 1, … in order. Only rows whose number changes are written, so only they
    /// get a new version.
    /// </summary>
    private static void Renumber(SqliteTransaction transaction, IReadOnlyList<long> orderedIds, long? nowMs)
    {
        for (int i = 0; i < orderedIds.Count; i++)
        {
            using SqliteCommand update = Command(transaction,
                "UPDATE departments SET sort_order = $p1, updated_ms = COALESCE($p2, updated_ms) WHERE id = $p0 AND sort_order <> $p1", orderedIds[i], i, nowMs);
            update.ExecuteNonQuery();
        }
    }

    private static void InsertOrConflict(string name, Action write)
    {
        try
        {
            write();
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            FerryException.Throw(ErrorCode.Conflict, $"name: a department named '{name}' already exists under this parent");
        }
    }

    /// <summary>Runs <paramref name="work"/> in one immediate transaction; any exception rolls everything back.</summary>
    private T Write<T>(Func<SqliteTransaction, T> work)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        T result = work(transaction);
        transaction.Commit();
        return result;
    }

    private static SqliteCommand Command(SqliteTransaction transaction, string sql, params object?[] parameters)
    {
        SqliteCommand command = transaction.Connection!.Command(sql, parameters);
        command.Transaction = transaction;
        return command;
    }
}
