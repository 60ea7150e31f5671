using Ferry.Appliance.Accounts;
using Ferry.Appliance.Storage;
using Ferry.Transport.Errors;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory;

/// <summary>
/// Accounts as the directory sees them. The directory edits two columns of the accounts capability's table —
/// <c>display_name</c> and <c>state</c> — inside its own transactions, so a profile change or a deletion is one
/// atomic step; creation, credentials and sessions stay with <c>Accounts/</c>.
/// </summary>
internal sealed partial class SqliteDirectoryStore
{
    public DirectoryAccount? FindAccount(long id)
    {
        using SqliteConnection connection = database.Open();
        return LoadAccounts(connection, null, "SELECT $p0", id).SingleOrDefault();
    }

    public IReadOnlyList<DirectoryAccount> Members(long departmentId, int offset, int limit)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true);
        return LoadAccounts(connection, snapshot,
                "SELECT account_id FROM department_members WHERE department_id = $p0 ORDER BY sort_order, account_id LIMIT $p2 OFFSET $p1", departmentId, offset, limit)
            .OrderBy(a => a.Memberships.First(m => m.DepartmentId == departmentId).Order)
            .ThenBy(a => a.Id)
            .ToList();
    }

    public DirectoryAccount UpdateProfile(long accountId, ProfilePatch patch, long nowMs) =>
        Write(transaction =>
        {
            if (patch.DisplayName is not null)
            {
                using SqliteCommand rename = Command(transaction, "UPDATE accounts SET display_name = $p1 WHERE id = $p0 AND display_name IS NOT $p1", accountId, patch.DisplayName);
                rename.ExecuteNonQuery();
            }

            if (patch.Title is not null || patch.Mobile is not null || patch.Phone is not null || patch.Email is not null || patch.Gender is not null
                || patch.EmployeeNumber is not null || patch.Avatar is not null || patch.Signature is not null)
            {
                using SqliteCommand ensure = Command(transaction, "INSERT INTO account_profiles(account_id, updated_ms) VALUES($p0, $p1) ON CONFLICT(account_id) DO NOTHING", accountId, nowMs);
                ensure.ExecuteNonQuery();
                using SqliteCommand update = Command(transaction, """
                    UPDATE account_profiles SET
                        title = COALESCE($p1, title), mobile = COALESCE($p2, mobile), phone = COALESCE($p3, phone), email = COALESCE($p4, email),
                        gender = COALESCE($p5, gender), employee_number = COALESCE($p6, employee_number), avatar = COALESCE($p7, avatar),
                        signature = COALESCE($p8, signature), updated_ms = $p9
                    WHERE account_id = $p0
                    """,
                    accountId, patch.Title, patch.Mobile, patch.Phone, patch.Email, patch.Gender is { } gender ? (int)DirectoryRules.ParseGender(gender) : null,
                    patch.EmployeeNumber, patch.Avatar, patch.Signature, nowMs);
                try
                {
                    update.ExecuteNonQuery();
                }
                catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
                {
                    FerryException.Throw(ErrorCode.Conflict, $"employeeNumber: '{patch.EmployeeNumber}' already belongs to another account");
                }
            }

            foreach ((string key, string? value) in patch.Attributes ?? new Dictionary<string, string?>())
            {
                using SqliteCommand write = string.IsNullOrEmpty(value)
                    ? Command(transaction, "DELETE FROM account_attributes WHERE account_id = $p0 AND key = $p1", accountId, key)
                    : Command(transaction, """
                        INSERT INTO account_attributes(account_id, key, value) VALUES($p0, $p1, $p2)
                        ON CONFLICT(account_id, key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value
                        """, accountId, key, value);
                write.ExecuteNonQuery();
            }

            return LoadAccounts(transaction.Connection!, transaction, "SELECT $p0", accountId).Single();
        });

    public DirectoryAccount SetMemberships(long accountId, IReadOnlyList<MembershipInput> memberships) =>
        Write(transaction =>
        {
            var previousOrder = new Dictionary<long, int>();
            using (SqliteCommand previous = Command(transaction, "SELECT department_id, sort_order FROM department_members WHERE account_id = $p0", accountId))
            {
                using SqliteDataReader reader = previous.ExecuteReader();
                while (reader.Read())
                {
                    previousOrder[reader.GetInt64(0)] = reader.GetInt32(1);
                }
            }

            using (SqliteCommand clear = Command(transaction, "DELETE FROM department_members WHERE account_id = $p0", accountId))
            {
                clear.ExecuteNonQuery();
            }

            foreach (MembershipInput membership in memberships)
            {
                int? order = membership.Order ?? (previousOrder.TryGetValue(membership.DepartmentId, out int kept) ? kept : null);
                using SqliteCommand insert = Command(transaction, """
                    INSERT INTO department_members(account_id, department_id, is_primary, title, sort_order)
                    VALUES($p0, $p1, $p2, $p3, COALESCE($p4, (SELECT COALESCE(MAX(sort_order) + 1, 0) FROM department_members WHERE department_id = $p1)))
                    """, accountId, membership.DepartmentId, membership.IsPrimary ? 1 : 0, membership.Title, order);
                insert.ExecuteNonQuery();
            }

            return LoadAccounts(transaction.Connection!, transaction, "SELECT $p0", accountId).Single();
        });

    public void SetState(long accountId, AccountState state) =>
        Write(transaction =>
        {
            using SqliteCommand update = Command(transaction, "UPDATE accounts SET state = $p1 WHERE id = $p0 AND state <> $p1", accountId, (int)state);
            update.ExecuteNonQuery();
            if (state == AccountState.Deleted)
            {
                using SqliteCommand leave = Command(transaction, "DELETE FROM department_members WHERE account_id = $p0", accountId);
                leave.ExecuteNonQuery();
            }

            return true;
        });

    /// <summary>
    /// Loads the accounts whose ids <paramref name="idsSql"/> selects (with its parameters), each with profile,
    /// attributes and memberships: three queries however many accounts. Unordered.
    /// </summary>
    private static List<DirectoryAccount> LoadAccounts(SqliteConnection connection, SqliteTransaction? transaction, string idsSql, params object?[] parameters)
    {
        var rows = new List<(long Id, string Name, string DisplayName, bool IsAdmin, AccountState State, Profile Profile, long Version)>();
        using (SqliteCommand query = connection.Command($"""
            SELECT a.id, a.name, a.display_name, a.is_admin, a.state, c.version,
                p.title, p.mobile, p.phone, p.email, p.gender, p.employee_number, p.avatar, p.signature
            FROM accounts a
            JOIN directory_changes c ON c.kind = 2 AND c.entity_id = a.id
            LEFT JOIN account_profiles p ON p.account_id = a.id
            WHERE a.id IN ({idsSql})
            """, parameters))
        {
            query.Transaction = transaction;
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                Profile profile = reader.IsDBNull(6)
                    ? Profile.Empty
                    : new Profile(reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), (Gender)reader.GetInt32(10),
                        reader.GetString(11), reader.GetString(12), reader.GetString(13));
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0, (AccountState)reader.GetInt32(4), profile, reader.GetInt64(5)));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var memberships = new Dictionary<long, List<Membership>>();
        using (SqliteCommand query = connection.Command($"""
            SELECT account_id, department_id, is_primary, title, sort_order FROM department_members
            WHERE account_id IN ({idsSql}) ORDER BY account_id, is_primary DESC, department_id
            """, parameters))
        {
            query.Transaction = transaction;
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                long account = reader.GetInt64(0);
                if (!memberships.TryGetValue(account, out List<Membership>? list))
                {
                    memberships[account] = list = [];
                }

                list.Add(new Membership(reader.GetInt64(1), reader.GetInt64(2) != 0, reader.GetString(3), reader.GetInt32(4)));
            }
        }

        Dictionary<long, Dictionary<string, string>> attributes;
        using (SqliteCommand query = connection.Command($"SELECT account_id, key, value FROM account_attributes WHERE account_id IN ({idsSql})", parameters))
        {
            query.Transaction = transaction;
            attributes = ReadAttributes(query);
        }

        return rows.Select(r => new DirectoryAccount(
                r.Id, r.Name, r.DisplayName, r.IsAdmin, r.State, r.Profile,
                attributes.TryGetValue(r.Id, out Dictionary<string, string>? values) ? values : EmptyAttributes,
                memberships.TryGetValue(r.Id, out List<Membership>? list) ? list : [],
                r.Version))
            .ToList();
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyAttributes = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Groups (account_id, key, value) rows into each account's extended attributes.</summary>
    internal static Dictionary<long, Dictionary<string, string>> ReadAttributes(SqliteCommand query)
    {
        var attributes = new Dictionary<long, Dictionary<string, string>>();
        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read())
        {
            long account = reader.GetInt64(0);
            if (!attributes.TryGetValue(account, out Dictionary<string, string>? values))
            {
                attributes[account] = values = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            values[reader.GetString(1)] = reader.GetString(2);
        }

        return attributes;
    }
}
