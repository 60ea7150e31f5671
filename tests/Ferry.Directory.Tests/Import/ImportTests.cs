using System.Text;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Import;
using Ferry.Appliance.Security;

namespace Ferry.Directory.Tests.Import;

public sealed class ImportTests : IDisposable
{
    private const string Header = "account,displayName,departments,title,mobile,phone,email,gender,employeeNumber";
    private readonly ImportStack _import = new();

    public void Dispose() => _import.Dispose();

    private DirectoryStack Stack => _import.Stack;

    [Fact]
    public void Generated_initial_passwords_are_hashed_at_the_minimum_and_given_ones_at_the_configured_count()
    {
        using var import = new ImportStack(passwordIterations: 2000);
        ImportReport report = import.Import("""
            account,displayName,password
            given,Given,given-password-1
            made,Made,
            """);

        Assert.True(report.Applied, string.Join("; ", report.Errors));
        Assert.Equal(["made"], report.InitialPasswords.Select(p => p.Account));
        string Stored(string name) => import.Stack.AccountStore.PasswordHash(import.Stack.Accounts.FindByName(name)!.Id)!;
        Assert.Equal("2000", Stored("given").Split('$')[1]);
        Assert.Equal("1000", Stored("made").Split('$')[1]);
        Assert.True(PasswordHasher.Verify(report.InitialPasswords[0].Password, Stored("made")));
    }

    [Fact]
    public void A_clean_import_creates_the_tree_accounts_profiles_and_memberships_with_initial_passwords()
    {
        ImportReport report = _import.Import($"""
            {Header}
            zhangsan,张三,总部/研发部/平台组;总部/销售部,Engineer,+86 138 0000 0000,010-1234,zs@example.com,male,E001
            lisi,李四,总部/研发部,Manager,,,,female,E002
            """);

        Assert.True(report.Applied);
        Assert.Empty(report.Errors);
        Assert.Equal(["总部", "总部/研发部", "总部/研发部/平台组", "总部/销售部"], report.DepartmentsCreated);
        Assert.Equal(["zhangsan", "lisi"], report.AccountsCreated);
        Assert.Equal(["zhangsan", "lisi"], report.InitialPasswords.Select(p => p.Account));

        Account zhangsan = Stack.Accounts.FindByName("zhangsan")!;
        Assert.True(PasswordHasher.Verify(report.InitialPasswords[0].Password, Stack.AccountStore.PasswordHash(zhangsan.Id)!));
        DirectoryAccount account = Stack.Directory.GetAccount(Stack.Admin, zhangsan.Id);
        Assert.Equal("张三", account.DisplayName);
        Assert.Equal(("Engineer", "+86 138 0000 0000", "zs@example.com", Gender.Male, "E001"),
            (account.Profile.Title, account.Profile.Mobile, account.Profile.Email, account.Profile.Gender, account.Profile.EmployeeNumber));
        Assert.Equal(2, account.Memberships.Count);
        Department headquarters = Stack.Directory.Children(Stack.Admin, 0).Single().Department;
        Assert.Equal(["研发部", "销售部"], Stack.ChildNames(headquarters));
        Department platform = Stack.Directory.Children(Stack.Admin, Stack.Directory.Children(Stack.Admin, headquarters.Id)[0].Department.Id).Single().Department;
        Assert.Equal(platform.Id, account.Memberships.Single(m => m.IsPrimary).DepartmentId);
    }

    [Fact]
    public void A_password_column_sets_the_password_and_an_existing_account_is_updated_not_recreated()
    {
        long bob = Stack.NewAccount("bob");
        Stack.Directory.UpdateProfile(Stack.Admin, bob, new ProfilePatch(Mobile: "123"));

        ImportReport report = _import.Import("""
            account,displayName,password,title
            carol,Carol,carol-secret-1,
            BOB,Bob B.,,Boss
            """);

        Assert.Equal(["carol"], report.AccountsCreated);
        Assert.Equal(["bob"], report.AccountsUpdated);
        Assert.Empty(report.InitialPasswords);
        Assert.True(PasswordHasher.Verify("carol-secret-1", Stack.AccountStore.PasswordHash(Stack.Accounts.FindByName("carol")!.Id)!));
        DirectoryAccount updated = Stack.Directory.GetAccount(Stack.Admin, bob);
        Assert.Equal(("Bob B.", "Boss", "123"), (updated.DisplayName, updated.Profile.Title, updated.Profile.Mobile));
    }

    [Fact]
    public void A_dry_run_lists_every_error_of_every_row_and_writes_nothing()
    {
        Stack.Directory.DefineAttribute(Stack.Admin, "seat", "Seat", false);
        long taken = Stack.NewAccount("taken");
        Stack.Directory.UpdateProfile(Stack.Admin, taken, new ProfilePatch(EmployeeNumber: "E900"));
        string before = Stack.Snapshot();
        string longTitle = new('t', 101);

        string file = $"""
            account,displayName,departments,title,mobile,email,employeeNumber,password,seat,color
            good,Good,A/B,,,,E1,,,
            ,No Name,,,,,,,,
            bad name!,,,,,,,,,
            dup,One,,,,,,,,
            DUP,Two,,,,,,,,
            mail,,,,,not-an-email,,,,
            phone,,,,call me,,,,,
            number1,,,,,,E1,,,
            number2,,,,,,E900,,,
            long,,,{longTitle},,,,,,
            formula,=HYPERLINK(1),,@SUM(A1),,,,,,
            pw,,,,,,,short,,
            path,,A//B,,,,,,,
            attr,,,,,,,,{new string('s', 501)},
            """;
        ImportReport report = _import.Import(file, dryRun: true);

        Assert.True(report.DryRun);
        Assert.False(report.Applied);
        (int, string, string)[] errors = report.Errors.Select(e => (e.Row, e.Column, e.Message)).ToArray();
        Assert.Contains(errors, e => e.Item1 == 1 && e.Item2 == "color" && e.Item3.StartsWith("unknown column", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == (3, "account", "is required"));
        Assert.Contains(errors, e => e.Item1 == 4 && e.Item2 == "account" && e.Item3.Contains("letters, digits", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == (6, "account", "duplicate account 'DUP': already on row 5"));
        Assert.Contains(errors, e => e == (7, "email", "must be an address like name@example.com"));
        Assert.Contains(errors, e => e.Item1 == 8 && e.Item2 == "mobile" && e.Item3.StartsWith("must be a phone number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == (9, "employeeNumber", "duplicate employee number 'E1': already on row 2"));
        Assert.Contains(errors, e => e == (10, "employeeNumber", "employee number 'E900' already belongs to account 'taken'"));
        Assert.Contains(errors, e => e == (11, "title", "must be at most 100 characters"));
        Assert.Contains(errors, e => e.Item1 == 12 && e.Item2 == "displayName" && e.Item3.Contains("spreadsheet formula", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Item1 == 12 && e.Item2 == "title" && e.Item3.StartsWith("starts with '@'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == (13, "password", "must be 8 to 256 characters"));
        Assert.Contains(errors, e => e.Item1 == 14 && e.Item2 == "departments" && e.Item3.Contains("empty department name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == (15, "seat", "must be at most 500 characters"));
        Assert.DoesNotContain(errors, e => e.Item1 == 2);
        Assert.Equal(before, Stack.Snapshot());

        // The same file for real: the same report, and still nothing written.
        ImportReport real = _import.Import(file);
        Assert.False(real.Applied);
        Assert.Equal(report.Errors, real.Errors);
        Assert.Equal(before, Stack.Snapshot());
    }

    [Fact]
    public void A_dry_run_of_a_clean_file_says_what_would_be_created_and_updated()
    {
        Stack.NewAccount("existing");
        string before = Stack.Snapshot();

        ImportReport report = _import.Import("account,departments\nexisting,Sales\nfresh,Sales/East\n", dryRun: true);

        Assert.Empty(report.Errors);
        Assert.Equal(["Sales", "Sales/East"], report.DepartmentsCreated);
        Assert.Equal(["fresh"], report.AccountsCreated);
        Assert.Equal(["existing"], report.AccountsUpdated);
        Assert.Empty(report.InitialPasswords);
        Assert.Equal(before, Stack.Snapshot());
    }

    [Fact]
    public void A_file_with_999_good_rows_and_one_bad_one_writes_nothing()
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (int i = 0; i < 1000; i++)
        {
            string email = i == 731 ? "broken@" : $"user{i}@example.com";
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"user{i},User {i},Company/Team {i % 10},,,,{email},,N{i}\n");
        }

        string before = Stack.Snapshot();

        ImportReport report = _import.Import(csv.ToString());

        Assert.False(report.Applied);
        ImportError error = Assert.Single(report.Errors);
        Assert.Equal((733, "email"), (error.Row, error.Column));
        Assert.Equal(before, Stack.Snapshot());
        Assert.Null(Stack.Accounts.FindByName("user0"));
    }

    [Fact]
    public void Export_then_import_into_an_empty_directory_reproduces_it()
    {
        Stack.Directory.DefineAttribute(Stack.Admin, "seat", "Seat", false);
        _import.Import(""""
            account,displayName,departments,title,mobile,phone,email,gender,employeeNumber,seat
            zhangsan,张三,总部/研发部/平台组;总部/销售部,"Lead, ""platform""",+86 138 0000 0000,,zs@example.com,male,E001,3F-12
            lisi,李四,总部/研发部,'-minus title,,,,female,E002,
            wangwu,王五,,,,,,,,
            """");
        string exported = _import.ExportCsv();

        using var target = new ImportStack();
        target.Stack.Directory.DefineAttribute(target.Stack.Admin, "seat", "Seat", false);
        ImportReport report = target.Import(exported);

        Assert.True(report.Applied, string.Join("; ", report.Errors));
        Assert.Equal(exported, target.ExportCsv());
        Assert.Contains("'-minus title", exported, StringComparison.Ordinal);
        Assert.Equal("-minus title", target.Stack.Directory.GetAccount(target.Stack.Admin, target.Stack.Accounts.FindByName("lisi")!.Id).Profile.Title);
    }

    [Fact]
    public void Xlsx_export_imports_back_too()
    {
        _import.Import("account,displayName,departments\nzhangsan,张三,总部/研发部\n");
        using var file = new MemoryStream();
        XlsxFormat.Write(file, _import.Exporter.Export(Stack.Admin));

        using var target = new ImportStack();
        file.Position = 0;
        ImportReport report = target.Importer.Import(target.Stack.Admin, XlsxFormat.Read(file), dryRun: false);

        Assert.True(report.Applied);
        Assert.Equal(_import.ExportCsv(), target.ExportCsv());
    }

    [Fact]
    public void A_formula_cell_of_a_workbook_is_refused()
    {
        var table = new SheetTable(["account", "title"], [new SheetRow(2, ["alice", "2"], [false, true])]);

        ImportReport report = _import.Importer.Import(Stack.Admin, table, dryRun: true);

        ImportError error = Assert.Single(report.Errors);
        Assert.Equal((2, "title"), (error.Row, error.Column));
        Assert.Contains("formula", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_administrators_import()
    {
        Caller user = Stack.User("mallory");

        FerryAssert.Fails(ErrorCode.Forbidden, () => _import.Importer.Import(user, CsvFormat.Parse("account\nx\n"), dryRun: true));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _import.Exporter.Export(user));
    }
}
