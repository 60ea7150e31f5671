using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Directory.Personal;

/// <summary>
/// Tables of each user's personal directory data: frequent departments and personal contact groups. They reference
/// departments and accounts by id without foreign keys (the directory owns those rows and never reuses an id);
/// reads leave out what the user may no longer see. <c>personal_versions</c> holds one counter per account, raised
/// in the same transaction as every change, so devices can tell whether they are current.
/// </summary>
internal sealed class PersonalSchema : ISchemaOwner
{
    public const string Module = "personal";

    public IEnumerable<Migration> Migrations =>
    [
        new(Module, 1, "frequent departments, personal contact groups", """
            CREATE TABLE personal_versions(
                account_id INTEGER PRIMARY KEY,
                version INTEGER NOT NULL);
            CREATE TABLE frequent_departments(
                account_id INTEGER NOT NULL,
                department_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY(account_id, department_id)) WITHOUT ROWID;
            CREATE TABLE contact_groups(
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL,
                name TEXT NOT NULL,
                position INTEGER NOT NULL,
                created_ms INTEGER NOT NULL);
            CREATE UNIQUE INDEX contact_groups_by_name ON contact_groups(account_id, name COLLATE NOCASE);
            CREATE TABLE contact_group_members(
                group_id INTEGER NOT NULL,
                member_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY(group_id, member_id)) WITHOUT ROWID;
            """),
    ];
}
