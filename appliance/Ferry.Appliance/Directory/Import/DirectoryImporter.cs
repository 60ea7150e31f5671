using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Identity;
using Ferry.Appliance.Security;
using Ferry.Appliance.Storage;
using Ferry.Transport.Errors;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Import;

/// <summary>What a restore writes besides the account rows: settings and the whole tree, empty departments included.</summary>
internal sealed record RestoreExtras(
    IReadOnlyList<AttributeDefinition> Attributes,
    IReadOnlyDictionary<string, bool> EditableFields,
    IReadOnlyList<string[]> Departments,
    IReadOnlyList<BackupAccountRule>? AccountRules = null,
    IReadOnlyList<BackupDepartmentRule>? DepartmentRules = null);

/// <summary>
/// Bulk import of accounts and departments: a dry run reports every row's errors and what would change; a real run
/// writes everything in ONE SQLite transaction, or — with any error — nothing at all.
/// </summary>
/// <remarks>
/// Invariant: the plan that is written is the plan checked inside the writing transaction (<c>BEGIN IMMEDIATE</c>,
/// so no other writer runs between check and write). Passwords are hashed before that transaction, in parallel,
/// from a first check on a read snapshot; the write lock is never held while PBKDF2 runs. The importer writes the
/// accounts table directly (creation and password hash) because an account and its profile must appear in the
/// same transaction; the rules it applies are those of <see cref="AccountService.Create"/>.
/// </remarks>
internal sealed class DirectoryImporter(SqliteDatabase database, AccountService accounts, FerryOptions options, IdGenerator ids, TimeProvider clock)
{
    public ImportReport Import(Caller caller, SheetTable table, bool dryRun) => Run(caller, table, dryRun, backup: false, extras: null);

    /// <summary>Restore of a backup's account sheet: backup-only columns allowed, settings and tree written first.</summary>
    internal ImportReport Restore(Caller caller, SheetTable table, RestoreExtras extras) => Run(caller, table, dryRun: false, backup: true, extras);

    private ImportReport Run(Caller caller, SheetTable table, bool dryRun, bool backup, RestoreExtras? extras)
    {
        if (!caller.IsAdmin)
        {
            FerryException.Throw(ErrorCode.Forbidden, "administrators only");
        }

        ImportPlan plan;
        using (SqliteConnection connection = database.Open())
        {
            using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true);
            plan = ImportPlanner.Plan(table, Snapshot(snapshot, extras), backup, extras?.Departments);
        }

        if (plan.Errors.Count > 0 || dryRun)
        {
            return Report(table, plan, dryRun, applied: false, []);
        }

        // PBKDF2 of new accounts, outside the write transaction and on every core.
        var passwords = new Dictionary<string, (string Hash, string? Generated)>(StringComparer.OrdinalIgnoreCase);
        List<AccountImport> creates = plan.Accounts.Where(a => a.Action == ImportAction.Create && a.PasswordHash is null).ToList();
        var hashed = new (string Hash, string? Generated)[creates.Count];
        Parallel.For(0, creates.Count, i =>
        {
            string? generated = creates[i].Password is null ? PasswordHasher.GeneratePassword() : null;
            hashed[i] = generated is null
                ? (PasswordHasher.Hash(creates[i].Password!, options.Sessions.PasswordIterations), null)
                : (PasswordHasher.Hash(generated, PasswordHasher.GeneratedPasswordIterations(options.Sessions.PasswordIterations)), generated);
        });
        for (int i = 0; i < creates.Count; i++)
        {
            passwords[creates[i].Name] = hashed[i];
        }

        var touched = new List<long>();
        using (SqliteConnection connection = database.Open())
        {
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            plan = ImportPlanner.Plan(table, Snapshot(transaction, extras), backup, extras?.Departments);
            if (plan.Errors.Count > 0)
            {
                return Report(table, plan, dryRun: false, applied: false, []);
            }

            try
            {
                new ImportWriter(transaction, ids, clock.GetUtcNow().ToUnixTimeMilliseconds()).Write(plan, passwords, options.Sessions.PasswordIterations, extras, touched);
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == 2067)
            {
                // Only reachable by a race the plan could not see (two accounts swapping employee numbers): nothing is written.
                throw new FerryException(ErrorCode.Conflict, $"the import conflicts with the directory as it is ({ex.Message}); nothing was written", ex);
            }

            transaction.Commit();
        }

        foreach (long id in touched)
        {
            accounts.Forget(id);
        }

        List<(string, string)> initial = plan.Accounts
            .Where(a => passwords.TryGetValue(a.Name, out var p) && p.Generated is not null)
            .Select(a => (a.Name, passwords[a.Name].Generated!))
            .ToList();
        return Report(table, plan, dryRun: false, applied: true, initial);
    }

    private static ImportReport Report(SheetTable table, ImportPlan plan, bool dryRun, bool applied, IReadOnlyList<(string, string)> initialPasswords) => new(
        dryRun,
        applied,
        table.Rows.Count,
        plan.Errors,
        plan.NewDepartments.Select(DepartmentPaths.Format).ToList(),
        plan.Accounts.Where(a => a.Action == ImportAction.Create).Select(a => a.Name).ToList(),
        plan.Accounts.Where(a => a.Action == ImportAction.Update).Select(a => a.Name).ToList(),
        initialPasswords);

    /// <summary>The directory the file is checked against, read in <paramref name="transaction"/>.</summary>
    internal static DirectorySnapshot Snapshot(SqliteTransaction transaction, RestoreExtras? extras)
    {
        SqliteConnection connection = transaction.Connection!;
        var byName = new Dictionary<string, ExistingAccount>(StringComparer.OrdinalIgnoreCase);
        var numbers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (SqliteCommand query = connection.Command("SELECT a.id, a.name, a.state, COALESCE(p.employee_number, '') FROM accounts a LEFT JOIN account_profiles p ON p.account_id = a.id"))
        {
            query.Transaction = transaction;
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                string name = reader.GetString(1);
                byName[name] = new ExistingAccount(reader.GetInt64(0), name, (AccountState)reader.GetInt32(2));
                if (reader.GetString(3) is { Length: > 0 } number)
                {
                    numbers[number] = name;
                }
            }
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (string[] path in DepartmentTree.Load(transaction).Paths.Values)
        {
            keys.Add(DepartmentPaths.Key(path));
        }

        var attributes = new HashSet<string>(StringComparer.Ordinal);
        using (SqliteCommand query = connection.Command("SELECT key FROM profile_attributes"))
        {
            query.Transaction = transaction;
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                attributes.Add(reader.GetString(0));
            }
        }

        foreach (AttributeDefinition definition in extras?.Attributes ?? [])
        {
            attributes.Add(definition.Key);
        }

        return new DirectorySnapshot(byName, numbers, keys, attributes);
    }
}

/// <summary>The department tree as rows: id → (parent, name, order), and each department's path.</summary>
internal sealed class DepartmentTree
{
    public Dictionary<long, (long Parent, string Name, int Order)> Rows { get; } = [];

    public Dictionary<long, string[]> Paths { get; } = [];

    /// <summary>Ids in tree order: parents before children, siblings in their order.</summary>
    public List<long> Ordered { get; } = [];

    public static DepartmentTree Load(SqliteTransaction transaction)
    {
        var tree = new DepartmentTree();
        var children = new Dictionary<long, List<long>>();
        using (SqliteCommand query = transaction.Connection!.Command("SELECT id, parent_id, name, sort_order FROM departments ORDER BY parent_id, sort_order, id"))
        {
            query.Transaction = transaction;
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0), parent = reader.GetInt64(1);
                tree.Rows[id] = (parent, reader.GetString(2), reader.GetInt32(3));
                if (!children.TryGetValue(parent, out List<long>? list))
                {
                    children[parent] = list = [];
                }

                list.Add(id);
            }
        }

        // Iterative depth-first walk from the top level; a department under a missing parent is unreachable and left out.
        var stack = new Stack<(long Id, string[] Path)>();
        foreach (long top in Enumerable.Reverse(children.GetValueOrDefault(0) ?? []))
        {
            stack.Push((top, [tree.Rows[top].Name]));
        }

        while (stack.Count > 0)
        {
            (long id, string[] path) = stack.Pop();
            tree.Paths[id] = path;
            tree.Ordered.Add(id);
            foreach (long child in Enumerable.Reverse(children.GetValueOrDefault(id) ?? []))
            {
                stack.Push((child, [.. path, tree.Rows[child].Name]));
            }
        }

        return tree;
    }
}
