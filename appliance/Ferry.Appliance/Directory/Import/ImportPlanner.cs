using System.Text.RegularExpressions;
using Ferry.Appliance.Accounts;

namespace Ferry.Appliance.Directory.Import;

/// <summary>What the planner checks a file against: the directory as it is, read in the import's transaction.</summary>
internal sealed record DirectorySnapshot(
    IReadOnlyDictionary<string, ExistingAccount> AccountsByName,
    IReadOnlyDictionary<string, string> EmployeeNumberOwners,
    IReadOnlySet<string> DepartmentKeys,
    IReadOnlySet<string> AttributeKeys);

/// <summary>An account the directory already has (looked up by name without regard to case).</summary>
internal sealed record ExistingAccount(long Id, string Name, AccountState State);

/// <summary>A checked file: every error of every row, and (when there are none) the accounts to write.</summary>
internal sealed record ImportPlan(IReadOnlyList<ImportError> Errors, IReadOnlyList<AccountImport> Accounts, IReadOnlyList<string[]> NewDepartments);

/// <summary>
/// Checks every cell of every row with the directory's own rules (<see cref="DirectoryRules"/>, the account-name
/// rule of <see cref="AccountService"/>) and collects all problems; it never stops at the first one. Pure: reads
/// only the table and the snapshot.
/// </summary>
internal static partial class ImportPlanner
{
    public static ImportPlan Plan(SheetTable table, DirectorySnapshot directory, bool backup = false, IReadOnlyList<string[]>? extraDepartments = null)
    {
        var errors = new List<ImportError>();
        var columns = new string?[table.Header.Count];
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < table.Header.Count; i++)
        {
            string name = table.Header[i].Trim();
            string column = name.Length == 0 ? XlsxFormat.ColumnName(i) : name;
            if (name.Length == 0)
            {
                errors.Add(new ImportError(1, column, "the header cell is empty; every column needs a name"));
            }
            else if (index.ContainsKey(name))
            {
                errors.Add(new ImportError(1, name, "the column appears twice"));
            }
            else if (ImportColumns.Known.Contains(name) || (backup && ImportColumns.BackupOnly.Contains(name)))
            {
                string canonical = ImportColumns.Known.Concat(ImportColumns.BackupOnly).First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                index[canonical] = i;
                columns[i] = canonical;
            }
            else if (directory.AttributeKeys.Contains(name))
            {
                index[name] = i;
                columns[i] = "attributes." + name;
            }
            else
            {
                errors.Add(new ImportError(1, name, $"unknown column: not one of {string.Join(", ", ImportColumns.Standard.Append(ImportColumns.Password))} nor a defined extended attribute"));
            }
        }

        if (!index.ContainsKey(ImportColumns.Account))
        {
            errors.Add(new ImportError(1, ImportColumns.Account, "the account column is required"));
            return new ImportPlan(errors, [], []);
        }

        var accounts = new List<AccountImport>(table.Rows.Count);
        var rowOfAccount = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var rowOfNumber = new Dictionary<string, (int Row, string Account)>(StringComparer.OrdinalIgnoreCase);
        var newDepartments = new List<string[]>();
        var seenDepartments = new HashSet<string>(directory.DepartmentKeys, StringComparer.Ordinal);
        foreach (string[] path in extraDepartments ?? [])
        {
            AddDepartment(path);
        }

        foreach (SheetRow row in table.Rows)
        {
            var cellErrors = new FieldErrors();
            var rowErrors = new List<ImportError>();
            string? Cell(string column)
            {
                if (!index.TryGetValue(column, out int at))
                {
                    return null;
                }

                string value = at < row.Cells.Length ? row.Cells[at] : string.Empty;
                return Neutral(row, at, column, value, rowErrors);
            }

            for (int i = columns.Length; i < row.Cells.Length; i++)
            {
                if (row.Cells[i].Length > 0)
                {
                    rowErrors.Add(new ImportError(row.Number, XlsxFormat.ColumnName(i), "a value in a column without a header"));
                }
            }

            string name = (Cell(ImportColumns.Account) ?? string.Empty).Trim();
            ImportAction action = ImportAction.Create;
            if (name.Length == 0)
            {
                rowErrors.Add(new ImportError(row.Number, ImportColumns.Account, "is required"));
            }
            else if (!AccountNamePattern().IsMatch(name))
            {
                rowErrors.Add(new ImportError(row.Number, ImportColumns.Account, "must be 1 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"));
            }
            else if (rowOfAccount.TryGetValue(name, out int first))
            {
                rowErrors.Add(new ImportError(row.Number, ImportColumns.Account, $"duplicate account '{name}': already on row {first}"));
            }
            else
            {
                rowOfAccount[name] = row.Number;
                if (directory.AccountsByName.TryGetValue(name, out ExistingAccount? existing))
                {
                    action = ImportAction.Update;
                    name = existing.Name;
                    if (existing.State == AccountState.Deleted)
                    {
                        rowErrors.Add(new ImportError(row.Number, ImportColumns.Account, $"account '{name}' is deleted; deleted accounts cannot be changed"));
                    }
                }
            }

            string? displayName = DirectoryRules.Text(Cell(ImportColumns.DisplayName), ProfileFields.DisplayName, DirectoryRules.MaxNameLength, cellErrors);
            if (string.IsNullOrEmpty(displayName))
            {
                displayName = action == ImportAction.Create ? name : null;
            }

            var profile = new ProfilePatch(
                displayName,
                DirectoryRules.Text(Cell(ImportColumns.Title), ProfileFields.Title, DirectoryRules.MaxTitleLength, cellErrors),
                DirectoryRules.Phone(Cell(ImportColumns.Mobile), ProfileFields.Mobile, cellErrors),
                DirectoryRules.Phone(Cell(ImportColumns.Phone), ProfileFields.Phone, cellErrors),
                DirectoryRules.Email(Cell(ImportColumns.Email), cellErrors),
                DirectoryRules.Gender(Cell(ImportColumns.Gender), cellErrors),
                DirectoryRules.Text(Cell(ImportColumns.EmployeeNumber), ProfileFields.EmployeeNumber, DirectoryRules.MaxEmployeeNumberLength, cellErrors));

            var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (int i = 0; i < columns.Length; i++)
            {
                if (columns[i] is { } column && column.StartsWith("attributes.", StringComparison.Ordinal))
                {
                    string key = column["attributes.".Length..];
                    attributes[key] = DirectoryRules.Text(Cell(key), key, DirectoryRules.MaxAttributeValueLength, cellErrors);
                }
            }

            profile = profile with { Attributes = attributes };
            foreach (string item in cellErrors.Items)
            {
                int colon = item.IndexOf(": ", StringComparison.Ordinal);
                rowErrors.Add(new ImportError(row.Number, item[..colon], item[(colon + 2)..]));
            }

            if (!string.IsNullOrEmpty(profile.EmployeeNumber) && name.Length > 0)
            {
                if (rowOfNumber.TryGetValue(profile.EmployeeNumber, out var other))
                {
                    rowErrors.Add(new ImportError(row.Number, ImportColumns.EmployeeNumber, $"duplicate employee number '{profile.EmployeeNumber}': already on row {other.Row}"));
                }
                else
                {
                    rowOfNumber[profile.EmployeeNumber] = (row.Number, name);
                }
            }

            IReadOnlyList<string[]>? departments = ParseDepartments(row.Number, Cell(ImportColumns.Departments), rowErrors);
            string? password = Cell(ImportColumns.Password);
            if (string.IsNullOrEmpty(password))
            {
                password = null;
            }
            else if (password.Length < AccountService.MinimumPasswordLength || password.Length > AccountService.MaximumPasswordLength)
            {
                rowErrors.Add(new ImportError(row.Number, ImportColumns.Password, $"must be {AccountService.MinimumPasswordLength} to {AccountService.MaximumPasswordLength} characters"));
            }

            AccountState? state = null;
            bool? isAdmin = null;
            string? hash = null;
            if (backup)
            {
                state = Cell(ImportColumns.State) switch
                {
                    null or "" or "active" => AccountState.Active,
                    "frozen" => AccountState.Frozen,
                    "deleted" => AccountState.Deleted,
                    string other => Invalid<AccountState>(ImportColumns.State, $"'{other}' is not active, frozen or deleted"),
                };
                isAdmin = string.Equals(Cell(ImportColumns.IsAdmin), "true", StringComparison.OrdinalIgnoreCase);
                hash = Cell(ImportColumns.PasswordHash) is { Length: > 0 } stored ? stored : null;
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }

            foreach (string[] path in departments ?? [])
            {
                for (int depth = 1; depth <= path.Length; depth++)
                {
                    AddDepartment(path[..depth]);
                }
            }

            accounts.Add(new AccountImport(row.Number, name, action, displayName, profile, departments, password, hash, state, isAdmin));

            T Invalid<T>(string column, string message)
            {
                rowErrors.Add(new ImportError(row.Number, column, message));
                return default!;
            }
        }

        // An employee number may move between accounts only if its current owner gives it up in the same file.
        foreach ((string number, (int row, string account)) in rowOfNumber)
        {
            if (directory.EmployeeNumberOwners.TryGetValue(number, out string? owner) && !string.Equals(owner, account, StringComparison.OrdinalIgnoreCase)
                && !(rowOfAccount.ContainsKey(owner) && index.ContainsKey(ImportColumns.EmployeeNumber)))
            {
                errors.Add(new ImportError(row, ImportColumns.EmployeeNumber, $"employee number '{number}' already belongs to account '{owner}'"));
            }
        }

        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
        // With errors the plan still says what the clean rows would do (the dry run shows it); it is never written.
        return new ImportPlan(errors, accounts, newDepartments);

        void AddDepartment(string[] path)
        {
            if (seenDepartments.Add(DepartmentPaths.Key(path)))
            {
                newDepartments.Add(path);
            }
        }
    }

    /// <summary>
    /// Formula injection: a cell that a spreadsheet would run ('=', '+', '-', '@' first) is refused, except a phone
    /// number's leading '+'. A leading apostrophe (how export neutralises such text, and how Excel users write it)
    /// is dropped and the rest taken literally.
    /// </summary>
    private static string Neutral(SheetRow row, int at, string column, string value, List<ImportError> errors)
    {
        if (row.IsFormula(at))
        {
            errors.Add(new ImportError(row.Number, column, "is a formula; formulas are not imported, enter the value itself"));
            return string.Empty;
        }

        if (value.Length > 1 && value[0] == '\'' && NeedsApostrophe(value.AsSpan(1)))
        {
            return value[1..];
        }

        if (value.Length > 0 && IsFormulaStart(value[0]) && !(value[0] == '+' && column is ImportColumns.Mobile or ImportColumns.Phone))
        {
            errors.Add(new ImportError(row.Number, column, $"starts with '{value[0]}' and could run as a spreadsheet formula; put an apostrophe (') before it to import it as text"));
            return string.Empty;
        }

        return value;
    }

    public static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Whether export must put an apostrophe before a cell (and import takes one off): the exact inverse pair.</summary>
    public static bool NeedsApostrophe(ReadOnlySpan<char> cell) =>
        cell.Length > 0 && (IsFormulaStart(cell[0]) || (cell[0] == '\'' && cell.Length > 1 && (IsFormulaStart(cell[1]) || cell[1] == '\'')));

    private static List<string[]>? ParseDepartments(int row, string? cell, List<ImportError> errors)
    {
        if (cell is null)
        {
            return null;
        }

        var paths = new List<string[]>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (string entry in DepartmentPaths.SplitUnescaped(cell, ImportColumns.DepartmentSeparator))
        {
            if (entry.Trim().Length == 0)
            {
                continue;
            }

            var segments = new List<string>();
            foreach (string raw in DepartmentPaths.SplitUnescaped(entry, ImportColumns.PathSeparator))
            {
                string segment = DepartmentPaths.Unescape(raw).Trim();
                if (segment.Length == 0)
                {
                    errors.Add(new ImportError(row, ImportColumns.Departments, $"'{entry.Trim()}' has an empty department name (write paths like 总部/研发部/平台组)"));
                    segments.Clear();
                    break;
                }

                if (segment.Length > DirectoryRules.MaxNameLength)
                {
                    errors.Add(new ImportError(row, ImportColumns.Departments, $"department name '{segment[..20]}…' is longer than {DirectoryRules.MaxNameLength} characters"));
                }
                else if (segment.Any(char.IsControl))
                {
                    errors.Add(new ImportError(row, ImportColumns.Departments, "department names must not contain control characters or line breaks"));
                }

                segments.Add(segment);
            }

            if (segments.Count > 0 && !keys.Add(DepartmentPaths.Key(segments)))
            {
                errors.Add(new ImportError(row, ImportColumns.Departments, $"lists '{entry.Trim()}' twice"));
            }
            else if (segments.Count > 0)
            {
                paths.Add(segments.ToArray());
            }
        }

        if (paths.Count > DirectoryRules.MaxMemberships)
        {
            errors.Add(new ImportError(row, ImportColumns.Departments, $"at most {DirectoryRules.MaxMemberships} departments per account"));
        }

        return paths;
    }

    /// <summary>The rule of <see cref="AccountService.Create"/>, checked here so a bad name is a row error, not an exception.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountNamePattern();
}
