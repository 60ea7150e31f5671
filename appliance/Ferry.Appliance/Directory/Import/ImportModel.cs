namespace Ferry.Appliance.Directory.Import;

/// <summary>The columns of the directory sheet. Any other header must be the key of a defined extended attribute.</summary>
internal static class ImportColumns
{
    public const string Account = "account";
    public const string DisplayName = ProfileFields.DisplayName;
    public const string Departments = "departments";
    public const string Title = ProfileFields.Title;
    public const string Mobile = ProfileFields.Mobile;
    public const string Phone = ProfileFields.Phone;
    public const string Email = ProfileFields.Email;
    public const string Gender = ProfileFields.Gender;
    public const string EmployeeNumber = ProfileFields.EmployeeNumber;
    public const string Password = "password";

    // Backup only: never accepted from an import file.
    public const string State = "state";
    public const string IsAdmin = "isAdmin";
    public const string PasswordHash = "passwordHash";

    /// <summary>The order export writes; attribute columns follow in definition order.</summary>
    public static IReadOnlyList<string> Standard { get; } = [Account, DisplayName, Departments, Title, Mobile, Phone, Email, Gender, EmployeeNumber];

    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(Standard.Append(Password), StringComparer.OrdinalIgnoreCase);

    public static IReadOnlySet<string> BackupOnly { get; } = new HashSet<string>([State, IsAdmin, PasswordHash], StringComparer.OrdinalIgnoreCase);

    public const char DepartmentSeparator = ';';
    public const char PathSeparator = '/';
}

/// <summary>One problem of an import file: the row (1 is the header), the column (empty when the row as a whole) and what is wrong.</summary>
internal sealed record ImportError(int Row, string Column, string Message);

internal enum ImportAction
{
    Create,
    Update,
}

/// <summary>An account as a clean file row describes it. Null fields: the column is absent, the value is left as it is.</summary>
internal sealed record AccountImport(
    int Row,
    string Name,
    ImportAction Action,
    string? DisplayName,
    ProfilePatch Profile,
    IReadOnlyList<string[]>? Departments,
    string? Password,
    string? PasswordHash = null,
    Accounts.AccountState? State = null,
    bool? IsAdmin = null);

/// <summary>What an import would do (dry run) or did. Passwords only of accounts it created without a password column, once.</summary>
internal sealed record ImportReport(
    bool DryRun,
    bool Applied,
    int Rows,
    IReadOnlyList<ImportError> Errors,
    IReadOnlyList<string> DepartmentsCreated,
    IReadOnlyList<string> AccountsCreated,
    IReadOnlyList<string> AccountsUpdated,
    IReadOnlyList<(string Account, string Password)> InitialPasswords);
