using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory.Visibility;
using Ferry.Appliance.Storage;
using Ferry.Transport.Errors;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Import;

/// <summary>An account's visibility rule in a backup, by account name (ids differ between appliances).</summary>
internal sealed record BackupAccountRule(string Account, bool Hidden, bool NoDirectory, bool ContactsHidden);

/// <summary>A department's visibility rule in a backup, by path; <see cref="VisibleDepartments"/> null: no list.</summary>
internal sealed record BackupDepartmentRule(string[] Path, bool Hidden, bool NoDirectory, bool ContactsHidden, IReadOnlyList<string[]>? VisibleDepartments);

/// <summary>
/// The <c>visibility.csv</c> part of a directory backup (format version 2): every visibility rule, naming accounts and
/// departments the way the rest of the backup does. Rows, columns <c>kind,subject,hidden,noDirectory,contactsHidden,listed</c>:
/// <c>account,NAME,…,</c>; <c>department,PATH,…,list</c> (<c>list</c> when the rule has a visible-departments list,
/// possibly empty, else empty); <c>visible,PATH,,,,LISTED-PATH</c>, one per listed department, after its department row.
/// </summary>
internal static class BackupVisibility
{
    public const string Part = "visibility.csv";
    private const string True = "true";
    private const string List = "list";
    private static readonly string[] Header = ["kind", "subject", "hidden", "noDirectory", "contactsHidden", "listed"];

    /// <summary>
    /// The rules whose subjects (and listed departments) are among the backed-up accounts and departments. The rules
    /// come from the visibility module's store, names and paths from one read of the directory; a rule naming something
    /// created or deleted between the two reads is left out rather than written unresolvable.
    /// </summary>
    public static SheetTable Read(SqliteDatabase database, IVisibilityStore store, IReadOnlyCollection<string[]> departments, SheetTable accounts)
    {
        var departmentKeys = departments.Select(DepartmentPaths.Key).ToHashSet(StringComparer.Ordinal);
        int nameColumn = IndexOf(accounts.Header, ImportColumns.Account);
        var accountNames = accounts.Rows.Select(r => r.Cells[nameColumn]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Dictionary<long, string[]> paths;
        var names = new Dictionary<long, string>();
        using (SqliteConnection connection = database.Open())
        {
            using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true);
            paths = DepartmentTree.Load(snapshot).Paths;
            using SqliteCommand query = connection.Command("SELECT id, name FROM accounts WHERE state <> $p0", (int)AccountState.Deleted);
            query.Transaction = snapshot;
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                names[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        string? PathOf(long id) => paths.TryGetValue(id, out string[]? path) && departmentKeys.Contains(DepartmentPaths.Key(path)) ? DepartmentPaths.Format(path) : null;

        var rows = new List<string[]>();
        foreach (AccountRule rule in store.AccountRules())
        {
            if (names.TryGetValue(rule.AccountId, out string? name) && accountNames.Contains(name))
            {
                rows.Add(["account", name, Flag(rule.Hidden), Flag(rule.NoDirectory), Flag(rule.ContactsHidden), string.Empty]);
            }
        }

        foreach (DepartmentRule rule in store.DepartmentRules())
        {
            if (PathOf(rule.DepartmentId) is not { } path)
            {
                continue;
            }

            rows.Add(["department", path, Flag(rule.Hidden), Flag(rule.NoDirectory), Flag(rule.ContactsHidden), rule.VisibleDepartments is null ? string.Empty : List]);
            foreach (long listed in rule.VisibleDepartments ?? [])
            {
                if (PathOf(listed) is { } listedPath)
                {
                    rows.Add(["visible", path, string.Empty, string.Empty, string.Empty, listedPath]);
                }
            }
        }

        return new SheetTable(Header, rows.Select((cells, i) => new SheetRow(i + 2, cells)).ToList());
    }

    /// <summary>
    /// The rules of a backup's part, checked against the backup's own departments and accounts (every problem into
    /// <paramref name="errors"/>, named by row).
    /// </summary>
    public static (List<BackupAccountRule> Accounts, List<BackupDepartmentRule> Departments) Parse(
        SheetTable table, IReadOnlyCollection<string[]> departments, SheetTable accounts, FieldErrors errors)
    {
        var byKey = departments.ToDictionary(DepartmentPaths.Key, p => p, StringComparer.Ordinal);
        int nameColumn = IndexOf(accounts.Header, ImportColumns.Account);
        var accountNames = accounts.Rows.Select(r => r.Cells[nameColumn]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var accountRules = new List<BackupAccountRule>();
        var departmentRules = new List<BackupDepartmentRule>();
        var lists = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        foreach (SheetRow row in table.Rows)
        {
            string field = $"{Part} row {row.Number}";
            if (row.Cells.Length < Header.Length)
            {
                errors.Add(field, $"expected {Header.Length} columns");
                continue;
            }

            string[] c = row.Cells;
            switch (c[0])
            {
                case "account" when accountNames.Contains(c[1]):
                    accountRules.Add(new BackupAccountRule(c[1], c[2] == True, c[3] == True, c[4] == True));
                    break;
                case "account":
                    errors.Add(field, $"account '{c[1]}' is not in the backup");
                    break;
                case "department" when Resolve(c[1]) is { } path:
                    List<string[]>? list = c[5] == List ? [] : null;
                    if (list is not null)
                    {
                        lists[DepartmentPaths.Key(path)] = list;
                    }

                    departmentRules.Add(new BackupDepartmentRule(path, c[2] == True, c[3] == True, c[4] == True, list));
                    break;
                case "visible" when Resolve(c[1]) is { } path && Resolve(c[5]) is { } listed:
                    if (lists.TryGetValue(DepartmentPaths.Key(path), out List<string[]>? entries))
                    {
                        entries.Add(listed);
                    }
                    else
                    {
                        errors.Add(field, $"'{c[1]}' has no department rule with a list before this row");
                    }

                    break;
                case "department" or "visible":
                    errors.Add(field, "names a department that is not in the backup");
                    break;
                default:
                    errors.Add(field, $"unknown kind '{c[0]}'");
                    break;
            }
        }

        return (accountRules, departmentRules);

        string[]? Resolve(string formatted) =>
            byKey.GetValueOrDefault(DepartmentPaths.Key(DepartmentPaths.SplitUnescaped(formatted, ImportColumns.PathSeparator).Select(DepartmentPaths.Unescape)));
    }

    private static string Flag(bool value) => value ? True : "false";

    private static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (int i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new FerryException(ErrorCode.BadRequest, $"the backup's accounts have no '{column}' column");
    }
}
