using Ferry.Appliance.Storage;
using Ferry.Transport.Errors;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Personal;

/// <summary>SQLite side of personal directory data. Writes run in <c>BEGIN IMMEDIATE</c> transactions.</summary>
internal sealed class SqlitePersonalStore(SqliteDatabase database) : IPersonalStore
{
    private const int SqliteConstraintUnique = 2067;

    public PersonalRecord Load(long accountId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true);
        var frequent = new List<long>();
        using (SqliteCommand query = Command(snapshot, "SELECT department_id FROM frequent_departments WHERE account_id = $p0 ORDER BY position", accountId))
        {
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                frequent.Add(reader.GetInt64(0));
            }
        }

        var groups = new List<(long Id, string Name, List<long> Members)>();
        using (SqliteCommand query = Command(snapshot, "SELECT id, name FROM contact_groups WHERE account_id = $p0 ORDER BY position, id", accountId))
        {
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                groups.Add((reader.GetInt64(0), reader.GetString(1), []));
            }
        }

        using (SqliteCommand query = Command(snapshot, """
            SELECT m.group_id, m.member_id FROM contact_group_members m JOIN contact_groups g ON g.id = m.group_id
            WHERE g.account_id = $p0 ORDER BY m.group_id, m.position
            """, accountId))
        {
            Dictionary<long, List<long>> byGroup = groups.ToDictionary(g => g.Id, g => g.Members);
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                byGroup[reader.GetInt64(0)].Add(reader.GetInt64(1));
            }
        }

        return new PersonalRecord(frequent, groups.Select(g => new ContactGroupRecord(g.Id, g.Name, g.Members)).ToList(), Version(snapshot, accountId));
    }

    public long SetFrequentDepartments(long accountId, IReadOnlyList<long> departmentIds) =>
        Write(accountId, transaction =>
        {
            Execute(transaction, "DELETE FROM frequent_departments WHERE account_id = $p0", accountId);
            for (int i = 0; i < departmentIds.Count; i++)
            {
                Execute(transaction, "INSERT INTO frequent_departments(account_id, department_id, position) VALUES($p0, $p1, $p2)", accountId, departmentIds[i], i);
            }
        });

    public long CreateGroup(long accountId, long groupId, string name, long nowMs) =>
        Write(accountId, transaction => UniqueName(name, () => Execute(transaction, """
            INSERT INTO contact_groups(id, account_id, name, position, created_ms)
            VALUES($p0, $p1, $p2, (SELECT COALESCE(MAX(position) + 1, 0) FROM contact_groups WHERE account_id = $p1), $p3)
            """, groupId, accountId, name, nowMs)));

    public long RenameGroup(long accountId, long groupId, string name) =>
        Write(accountId, transaction => UniqueName(name, () =>
            Execute(transaction, "UPDATE contact_groups SET name = $p2 WHERE id = $p0 AND account_id = $p1", groupId, accountId, name)));

    public long DeleteGroup(long accountId, long groupId) =>
        Write(accountId, transaction =>
        {
            Execute(transaction, "DELETE FROM contact_group_members WHERE group_id = (SELECT id FROM contact_groups WHERE id = $p0 AND account_id = $p1)", groupId, accountId);
            Execute(transaction, "DELETE FROM contact_groups WHERE id = $p0 AND account_id = $p1", groupId, accountId);
        });

    public long ReorderGroups(long accountId, IReadOnlyList<long> groupIds) =>
        Write(accountId, transaction =>
        {
            for (int i = 0; i < groupIds.Count; i++)
            {
                Execute(transaction, "UPDATE contact_groups SET position = $p2 WHERE id = $p0 AND account_id = $p1", groupIds[i], accountId, i);
            }
        });

    public long SetMembers(long accountId, long groupId, IReadOnlyList<long> memberIds) =>
        Write(accountId, transaction =>
        {
            Execute(transaction, "DELETE FROM contact_group_members WHERE group_id = $p0", groupId);
            for (int i = 0; i < memberIds.Count; i++)
            {
                Execute(transaction, "INSERT INTO contact_group_members(group_id, member_id, position) VALUES($p0, $p1, $p2)", groupId, memberIds[i], i);
            }
        });

    /// <summary>Runs <paramref name="change"/> and raises the account's version in one transaction; returns the new version.</summary>
    private long Write(long accountId, Action<SqliteTransaction> change)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        change(transaction);
        using SqliteCommand bump = Command(transaction, """
            INSERT INTO personal_versions(account_id, version) VALUES($p0, 1)
            ON CONFLICT(account_id) DO UPDATE SET version = version + 1
            RETURNING version
            """, accountId);
        long version = (long)bump.ExecuteScalar()!;
        transaction.Commit();
        return version;
    }

    private static long Version(SqliteTransaction transaction, long accountId)
    {
        using SqliteCommand query = Command(transaction, "SELECT COALESCE((SELECT version FROM personal_versions WHERE account_id = $p0), 0)", accountId);
        return (long)query.ExecuteScalar()!;
    }

    private static void UniqueName(string name, Action write)
    {
        try
        {
            write();
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            FerryException.Throw(ErrorCode.Conflict, $"name: you already have a group called '{name}'");
        }
    }

    private static void Execute(SqliteTransaction transaction, string sql, params object?[] parameters)
    {
        using SqliteCommand command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteTransaction transaction, string sql, params object?[] parameters)
    {
        SqliteCommand command = transaction.Connection!.Command(sql, parameters);
        command.Transaction = transaction;
        return command;
    }
}
