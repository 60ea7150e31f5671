using System.IO.Compression;
using System.Text;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Import;
using Ferry.Appliance.Security;

namespace Ferry.Directory.Tests.Import;

public sealed class BackupTests : IDisposable
{
    private readonly ImportStack _source = new();

    public BackupTests()
    {
        DirectoryStack stack = _source.Stack;
        stack.Directory.DefineAttribute(stack.Admin, "seat", "Seat", true);
        stack.Directory.SetFieldEditability(stack.Admin, new Dictionary<string, bool> { [ProfileFields.Title] = true });
        _source.Import("""
            account,displayName,departments,password,seat,email
            zhangsan,张三,总部/研发部/平台组;总部/销售部,zhangsan-pass,3F,zs@example.com
            lisi,李四,总部/研发部,lisi-password,,
            """);
        Department empty = stack.Department("Empty one");
        stack.Department("Empty child", empty);
        stack.Directory.Freeze(stack.Admin, stack.Accounts.FindByName("lisi")!.Id);
    }

    public void Dispose() => _source.Dispose();

    private byte[] Backup()
    {
        using var file = new MemoryStream();
        _source.Backup.Write(_source.Stack.Admin, file, _source.Stack.Clock);
        return file.ToArray();
    }

    [Fact]
    public void A_backup_restores_into_an_empty_appliance_with_tree_settings_states_and_passwords()
    {
        byte[] backup = Backup();
        using var target = new ImportStack();

        ImportReport report = target.Backup.Restore(target.Stack.Admin, new MemoryStream(backup), force: false);

        Assert.True(report.Applied, string.Join("; ", report.Errors));
        Assert.Equal(_source.ExportCsv(), target.ExportCsv());
        Assert.Equal(["总部", "Empty one"], target.Stack.ChildNames());
        DirectorySettings settings = target.Stack.Directory.Settings(target.Stack.Admin);
        Assert.Equal(("seat", true), (settings.Attributes.Single().Key, settings.Attributes.Single().UserEditable));
        Assert.True(settings.EditableFields[ProfileFields.Title]);
        Account lisi = target.Stack.Accounts.FindByName("lisi")!;
        Assert.Equal(AccountState.Frozen, lisi.State);
        Assert.True(PasswordHasher.Verify("zhangsan-pass", target.Stack.AccountStore.PasswordHash(target.Stack.Accounts.FindByName("zhangsan")!.Id)!));
        Assert.Empty(report.InitialPasswords);
    }

    [Fact]
    public void Restore_refuses_a_directory_that_is_not_empty_unless_forced()
    {
        byte[] backup = Backup();
        using var target = new ImportStack();
        target.Stack.NewAccount("someone");
        string before = target.Stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.Conflict, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(backup), force: false));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Stack.Snapshot());
        Assert.True(target.Backup.Restore(target.Stack.Admin, new MemoryStream(backup), force: true).Applied);
        Assert.NotNull(target.Stack.Accounts.FindByName("zhangsan"));
    }

    [Fact]
    public void A_corrupt_part_a_wrong_version_or_not_a_backup_at_all_is_refused_and_writes_nothing()
    {
        byte[] backup = Backup();
        using var target = new ImportStack();
        string before = target.Stack.Snapshot();

        byte[] tampered = Rewrite(backup, "accounts.csv", text => text.Replace("张三", "张四", StringComparison.Ordinal));
        Assert.Contains("corrupt", FerryAssert.Fails(ErrorCode.BadRequest, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(tampered), false)).Message, StringComparison.Ordinal);

        byte[] future = Rewrite(backup, "manifest", text => text.Replace("version 1", "version 9", StringComparison.Ordinal));
        Assert.Contains("format version 9", FerryAssert.Fails(ErrorCode.BadRequest, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(future), false)).Message, StringComparison.Ordinal);

        byte[] truncated = backup[..(backup.Length / 2)];
        Assert.Contains("backup", FerryAssert.Fails(ErrorCode.BadRequest, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(truncated), false)).Message, StringComparison.Ordinal);

        Assert.Contains("not a zip", FerryAssert.Fails(ErrorCode.BadRequest, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(Encoding.UTF8.GetBytes("account\nx\n")), false)).Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Stack.Snapshot());
    }

    private static byte[] Rewrite(byte[] zipBytes, string part, Func<string, string> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (ZipArchiveEntry entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                string text = reader.ReadToEnd();
                using Stream write = target.CreateEntry(entry.FullName).Open();
                write.Write(Encoding.UTF8.GetBytes(entry.FullName == part ? change(text) : text));
            }
        }

        return output.ToArray();
    }
}
