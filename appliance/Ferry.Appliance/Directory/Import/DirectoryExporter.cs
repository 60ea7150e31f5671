using Ferry.Appliance.Accounts;
using Ferry.Appliance.Storage;
using Ferry.Transport.Errors;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Import;

/// <summary>
/// Writes the directory as the import sheet (same columns, so export → import into an empty directory reproduces
/// it), read from one snapshot. Deleted accounts are left out: they are tombstones, not people to import.
/// </summary>
internal sealed class DirectoryExporter(SqliteDatabase database)
{
    public SheetTable Export(Caller caller) => Read(caller, backup: false).Accounts;

    /// <summary>Everything a backup holds, from one snapshot.</summary>
    internal (SheetTable Accounts, List<string[]> Departments, DirectorySettings Settings) Read(Caller caller, bool backup)
    {
        if (!caller.IsAdmin)
        {
            FerryException.Throw(ErrorCode.Forbidden, "administrators only");
        }

        using SqliteConnection connection = database.Open();
        using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true);
        DepartmentTree tree = DepartmentTree.Load(snapshot);
        var attributeKeys = new List<(string Key, string Label, bool UserEditable, int Order)>();
        using (SqliteCommand query = Command(snapshot, "SELECT key, label, user_editable, sort_order FROM profile_attributes ORDER BY sort_order, key"))
        {
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                attributeKeys.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0, reader.GetInt32(3)));
            }
        }

        var editable = new Dictionary<string, bool>(StringComparer.Ordinal);
        using (SqliteCommand query = Command(snapshot, "SELECT key, value FROM directory_settings WHERE key LIKE 'editable.%'"))
        {
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                editable[reader.GetString(0)[ProfileFields.EditableSettingPrefix.Length..]] = reader.GetString(1) == "1";
            }
        }

        var header = new List<string>(ImportColumns.Standard);
        header.AddRange(attributeKeys.Select(a => a.Key));
        if (backup)
        {
            header.AddRange([ImportColumns.State, ImportColumns.IsAdmin, ImportColumns.PasswordHash]);
        }

        var departments = new Dictionary<long, List<string>>();
        using (SqliteCommand query = Command(snapshot, "SELECT account_id, department_id FROM department_members ORDER BY account_id, is_primary DESC, sort_order, department_id"))
        {
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                long account = reader.GetInt64(0);
                if (!departments.TryGetValue(account, out List<string>? list))
                {
                    departments[account] = list = [];
                }

                if (tree.Paths.TryGetValue(reader.GetInt64(1), out string[]? path))
                {
                    list.Add(DepartmentPaths.Format(path));
                }
            }
        }

        Dictionary<long, Dictionary<string, string>> attributes;
        using (SqliteCommand query = Command(snapshot, "SELECT account_id, key, value FROM account_attributes"))
        {
            attributes = SqliteDirectoryStore.ReadAttributes(query);
        }

        var rows = new List<SheetRow>();
        using (SqliteCommand query = Command(snapshot, """
            SELECT a.id, a.name, a.display_name, a.state, a.is_admin, a.password_hash,
                COALESCE(p.title, ''), COALESCE(p.mobile, ''), COALESCE(p.phone, ''), COALESCE(p.email, ''), COALESCE(p.gender, 0), COALESCE(p.employee_number, '')
            FROM accounts a LEFT JOIN account_profiles p ON p.account_id = a.id
            WHERE a.state <> 2 ORDER BY a.id
            """))
        {
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                var cells = new List<string>(header.Count)
                {
                    reader.GetString(1),
                    reader.GetString(2),
                    string.Join(ImportColumns.DepartmentSeparator, departments.GetValueOrDefault(id) ?? []),
                    reader.GetString(6),
                    reader.GetString(7),
                    reader.GetString(8),
                    reader.GetString(9),
                    DirectoryRules.GenderName((Gender)reader.GetInt32(10)),
                    reader.GetString(11),
                };
                Dictionary<string, string>? values = attributes.GetValueOrDefault(id);
                cells.AddRange(attributeKeys.Select(a => values?.GetValueOrDefault(a.Key) ?? string.Empty));
                if (backup)
                {
                    cells.AddRange([AccountBody.StateName((AccountState)reader.GetInt32(3)), reader.GetInt64(4) != 0 ? "true" : "false", reader.GetString(5)]);
                }

                rows.Add(new SheetRow(rows.Count + 2, Neutralise(header, cells)));
            }
        }

        var settings = new DirectorySettings(editable, attributeKeys.Select(a => new AttributeDefinition(a.Key, a.Label, a.UserEditable, a.Order)).ToList(), 0);
        return (new SheetTable(header, rows), tree.Ordered.Select(id => tree.Paths[id]).ToList(), settings);
    }

    /// <summary>
    /// Formula injection: text that a spreadsheet would run gets an apostrophe in front (import drops it again).
    /// A phone number's leading '+' is left alone: the phone rule allows nothing that could run.
    /// </summary>
    private static string[] Neutralise(List<string> header, List<string> cells)
    {
        var result = new string[cells.Count];
        for (int i = 0; i < cells.Count; i++)
        {
            string cell = cells[i];
            bool phone = header[i] is ImportColumns.Mobile or ImportColumns.Phone && cell.StartsWith('+');
            result[i] = !phone && ImportPlanner.NeedsApostrophe(cell)
                ? "'" + cell
                : cell;
        }

        return result;
    }

    private static SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        SqliteCommand command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
