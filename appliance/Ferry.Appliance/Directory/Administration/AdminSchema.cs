using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Directory.Administration;

/// <summary>
/// Tables of hierarchical administration. One grant per account; a department grant's scope roots are rows of
/// <c>admin_grant_scopes</c>. Enterprise grants also set <c>accounts.is_admin</c> (owned by <c>Accounts/</c>), in the
/// same transaction, so the flag stays "super or enterprise administrator".
/// </summary>
internal sealed class AdminSchema : ISchemaOwner
{
    public const string Module = "admins";

    public IEnumerable<Migration> Migrations =>
    [
        new(Module, 1, "administrator grants and their department scopes", """
            CREATE TABLE admin_grants(
                account_id INTEGER PRIMARY KEY,
                role INTEGER NOT NULL,
                permissions INTEGER NOT NULL,
                granted_by INTEGER,
                created_ms INTEGER NOT NULL);
            CREATE TABLE admin_grant_scopes(
                account_id INTEGER NOT NULL,
                department_id INTEGER NOT NULL,
                PRIMARY KEY(account_id, department_id)) WITHOUT ROWID;
            """),
    ];
}
