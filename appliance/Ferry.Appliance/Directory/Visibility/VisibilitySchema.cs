using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Directory.Visibility;

/// <summary>
/// Tables of directory visibility (issue 3 §3): rules per account and per department, the departments a restricted
/// department may see, and one generation counter that tells <see cref="DirectoryVisibility"/> when its snapshot is stale.
/// </summary>
/// <remarks>
/// Everything here is kept right by triggers, so no writer (the directory service, LDAP sync, import, restore) can
/// leave it wrong:
/// <list type="bullet">
/// <item><c>visibility_stamp.generation</c> moves on every change that can change a view: a department created,
/// deleted or re-parented, a membership added, removed or moved, any rule written. Reading it is the snapshot's
/// one cheap staleness check.</item>
/// <item>An account rule written, changed or removed moves the account's <c>directory_changes</c> row (kind Account),
/// as the directory's own triggers do: other clients receive the account again in incremental sync.</item>
/// <item>A deleted department takes its rule and every list entry naming it along (a list left empty still restricts:
/// deleting a department never widens what anyone sees); a deleted account (state 2, or a removed row) its rule.</item>
/// </list>
/// Must migrate after the <c>directory</c> module (it puts triggers on its tables).
/// </remarks>
internal sealed class VisibilitySchema : ISchemaOwner
{
    public const string Module = "visibility";

    public IEnumerable<Migration> Migrations =>
    [
        new(Module, 1, "visibility rules of accounts and departments, restricted department lists, generation stamp", $"""
            CREATE TABLE visibility_account_rules(
                account_id INTEGER PRIMARY KEY,
                hidden INTEGER NOT NULL,
                no_directory INTEGER NOT NULL,
                contacts_hidden INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL);
            CREATE TABLE visibility_department_rules(
                department_id INTEGER PRIMARY KEY,
                hidden INTEGER NOT NULL,
                no_directory INTEGER NOT NULL,
                contacts_hidden INTEGER NOT NULL,
                restricted INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL);
            CREATE TABLE visibility_department_lists(
                department_id INTEGER NOT NULL,
                visible_department_id INTEGER NOT NULL,
                PRIMARY KEY(department_id, visible_department_id)) WITHOUT ROWID;
            CREATE INDEX visibility_department_lists_by_visible ON visibility_department_lists(visible_department_id);
            CREATE TABLE visibility_stamp(
                id INTEGER PRIMARY KEY CHECK (id = 1),
                generation INTEGER NOT NULL);
            INSERT INTO visibility_stamp(id, generation) VALUES(1, 0);

            {Stamp("departments_insert", "INSERT ON departments")}
            {Stamp("departments_delete", "DELETE ON departments")}
            {Stamp("departments_move", "UPDATE OF parent_id ON departments")}
            {Stamp("members_insert", "INSERT ON department_members")}
            {Stamp("members_delete", "DELETE ON department_members")}
            {Stamp("members_move", "UPDATE OF department_id ON department_members")}
            {Stamp("account_rules_insert", "INSERT ON visibility_account_rules")}
            {Stamp("account_rules_update", "UPDATE ON visibility_account_rules")}
            {Stamp("account_rules_delete", "DELETE ON visibility_account_rules")}
            {Stamp("department_rules_insert", "INSERT ON visibility_department_rules")}
            {Stamp("department_rules_update", "UPDATE ON visibility_department_rules")}
            {Stamp("department_rules_delete", "DELETE ON visibility_department_rules")}
            {Stamp("department_lists_insert", "INSERT ON visibility_department_lists")}
            {Stamp("department_lists_delete", "DELETE ON visibility_department_lists")}

            {AccountVersion("insert", "INSERT", "NEW")}
            {AccountVersion("update", "UPDATE", "NEW")}
            {AccountVersion("delete", "DELETE", "OLD")}

            CREATE TRIGGER visibility_department_deleted AFTER DELETE ON departments BEGIN
                DELETE FROM visibility_department_rules WHERE department_id = OLD.id;
                DELETE FROM visibility_department_lists WHERE department_id = OLD.id OR visible_department_id = OLD.id;
            END;
            CREATE TRIGGER visibility_account_deleted AFTER UPDATE OF state ON accounts WHEN NEW.state = 2 BEGIN
                DELETE FROM visibility_account_rules WHERE account_id = NEW.id;
            END;
            CREATE TRIGGER visibility_account_removed AFTER DELETE ON accounts BEGIN
                DELETE FROM visibility_account_rules WHERE account_id = OLD.id;
            END;
            """),
    ];

    private static string Stamp(string name, string on) => $"""
        CREATE TRIGGER visibility_stamp_{name} AFTER {on} BEGIN
            UPDATE visibility_stamp SET generation = generation + 1 WHERE id = 1;
        END;
        """;

    /// <summary>The same move of the account's change row as <see cref="DirectorySchema"/>'s triggers make.</summary>
    private static string AccountVersion(string name, string when, string row) => $"""
        CREATE TRIGGER visibility_account_rules_{name}_version AFTER {when} ON visibility_account_rules BEGIN
            DELETE FROM directory_changes WHERE kind = {(int)ChangeKind.Account} AND entity_id = {row}.account_id;
            INSERT INTO directory_changes(kind, entity_id) VALUES({(int)ChangeKind.Account}, {row}.account_id);
        END;
        """;
}
