using System.Text;
using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Directory;

/// <summary>
/// Tables owned by the directory capability. It extends accounts (owned by <c>Accounts/</c>) with profiles,
/// departments and memberships, and versions every change for incremental client sync.
/// </summary>
/// <remarks>
/// Versioning is done by triggers, so no writer (this module's store, the accounts store, a future importer) can
/// change a directory row without bumping its version in the same transaction. <c>directory_changes</c> holds one row
/// per entity: its latest version (<c>AUTOINCREMENT</c>, so a version is never reused). A client sends the last
/// version it holds and receives every entity whose row is newer. A deleted department keeps its row here with no
/// department behind it: that is its tombstone. A deleted account keeps its <c>accounts</c> row (state 2).
/// </remarks>
internal sealed class DirectorySchema : ISchemaOwner
{
    public const string Module = "directory";

    public IEnumerable<Migration> Migrations =>
    [
        new(Module, 1, "departments, profiles, memberships, attributes, versioned changes", Version1()),
    ];

    private static string Version1()
    {
        var sql = new StringBuilder("""
            CREATE TABLE directory_changes(
                version INTEGER PRIMARY KEY AUTOINCREMENT,
                kind INTEGER NOT NULL,
                entity_id INTEGER NOT NULL);
            CREATE UNIQUE INDEX directory_changes_by_entity ON directory_changes(kind, entity_id);
            CREATE TABLE departments(
                id INTEGER PRIMARY KEY,
                parent_id INTEGER NOT NULL,
                name TEXT NOT NULL,
                sort_order INTEGER NOT NULL,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL);
            CREATE UNIQUE INDEX departments_sibling_names ON departments(parent_id, name COLLATE NOCASE);
            CREATE INDEX departments_by_parent ON departments(parent_id, sort_order);
            CREATE TABLE account_profiles(
                account_id INTEGER PRIMARY KEY,
                title TEXT NOT NULL DEFAULT '',
                mobile TEXT NOT NULL DEFAULT '',
                phone TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '',
                gender INTEGER NOT NULL DEFAULT 0,
                employee_number TEXT NOT NULL DEFAULT '',
                avatar TEXT NOT NULL DEFAULT '',
                signature TEXT NOT NULL DEFAULT '',
                updated_ms INTEGER NOT NULL);
            CREATE UNIQUE INDEX account_profiles_employee_number ON account_profiles(employee_number COLLATE NOCASE) WHERE employee_number <> '';
            CREATE TABLE department_members(
                account_id INTEGER NOT NULL,
                department_id INTEGER NOT NULL,
                is_primary INTEGER NOT NULL,
                title TEXT NOT NULL DEFAULT '',
                sort_order INTEGER NOT NULL,
                PRIMARY KEY(account_id, department_id)) WITHOUT ROWID;
            CREATE INDEX department_members_by_department ON department_members(department_id, sort_order, account_id);
            CREATE UNIQUE INDEX department_members_one_primary ON department_members(account_id) WHERE is_primary = 1;
            CREATE TABLE profile_attributes(
                key TEXT PRIMARY KEY,
                label TEXT NOT NULL,
                user_editable INTEGER NOT NULL,
                sort_order INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE account_attributes(
                account_id INTEGER NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY(account_id, key)) WITHOUT ROWID;
            CREATE INDEX account_attributes_by_key ON account_attributes(key);
            CREATE TABLE directory_settings(
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL) WITHOUT ROWID;

            """);

        foreach (string field in ProfileFields.Standard)
        {
            bool editable = ProfileFields.UserEditableByDefault.Contains(field);
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO directory_settings(key, value) VALUES('{ProfileFields.EditableSettingPrefix}{field}', '{(editable ? 1 : 0)}');\n");
        }

        Versioned(sql, "departments", ChangeKind.Department, "id");
        Versioned(sql, "accounts", ChangeKind.Account, "id", updateColumns: "display_name, state");
        Versioned(sql, "account_profiles", ChangeKind.Account, "account_id");
        Versioned(sql, "department_members", ChangeKind.Account, "account_id");
        Versioned(sql, "account_attributes", ChangeKind.Account, "account_id");
        Versioned(sql, "profile_attributes", ChangeKind.Settings, "0");
        Versioned(sql, "directory_settings", ChangeKind.Settings, "0");

        // The settings seeded above, and accounts that existed before the directory did, are its first versions.
        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO directory_changes(kind, entity_id) VALUES({(int)ChangeKind.Settings}, 0);\n");
        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO directory_changes(kind, entity_id) SELECT {(int)ChangeKind.Account}, id FROM accounts ORDER BY id;\n");
        return sql.ToString();
    }

    /// <summary>Insert, update and delete triggers that move the entity's change row to a new, higher version.</summary>
    private static void Versioned(StringBuilder sql, string table, ChangeKind kind, string idColumn, string? updateColumns = null)
    {
        string id(string row) => idColumn == "0" ? "0" : $"{row}.{idColumn}";
        void trigger(string name, string when, string row) => sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
            CREATE TRIGGER {table}_{name}_version AFTER {when} ON {table} BEGIN
                DELETE FROM directory_changes WHERE kind = {(int)kind} AND entity_id = {id(row)};
                INSERT INTO directory_changes(kind, entity_id) VALUES({(int)kind}, {id(row)});
            END;

            """);

        trigger("insert", "INSERT", "NEW");
        trigger("update", updateColumns is null ? "UPDATE" : $"UPDATE OF {updateColumns}", "NEW");
        if (updateColumns is null)
        {
            trigger("delete", "DELETE", "OLD");
        }
    }
}
