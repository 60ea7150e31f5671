using Ferry.Transport.Contracts;

namespace Ferry.Client.Tests;

/// <summary>The SDK's versioned copy of the directory: pages, removals, deleted names, reset.</summary>
public sealed class LocalDirectoryTests
{
    [Fact]
    public void Pages_upsert_removals_drop_and_deleted_accounts_keep_their_names()
    {
        var directory = new LocalDirectory();
        var first = new DirectorySyncResponse { NextVersion = 10, ViewFingerprint = 7, Settings = new DirectorySettings { Version = 1 } };
        first.Departments.Add([new DirectoryDepartment { Id = 1, Name = "Sales" }, new DirectoryDepartment { Id = 2, Name = "Support" }]);
        first.Accounts.Add([Account(100, "alice"), Account(101, "bob"), Account(102, "carol")]);
        directory.Apply(first);
        Assert.Equal((10UL, 7UL, 2, 3), (directory.Version, directory.ViewFingerprint, directory.Departments.Count, directory.Accounts.Count));

        var second = new DirectorySyncResponse { NextVersion = 12, ViewFingerprint = 7 };
        second.Accounts.Add(Account(100, "alice", "Alice Again"));
        second.Removals.Add([
            new DirectoryRemoval { Kind = DirectoryEntityKind.DirectoryEntityDepartment, Id = 2, Deleted = true },
            new DirectoryRemoval { Kind = DirectoryEntityKind.DirectoryEntityAccount, Id = 101, Deleted = true, Account = "bob", DisplayName = "Bob" },
            new DirectoryRemoval { Kind = DirectoryEntityKind.DirectoryEntityAccount, Id = 102 },
        ]);
        directory.Apply(second);

        Assert.Equal(["Sales"], directory.Departments.Select(d => d.Name));
        Assert.Equal(["alice"], directory.Accounts.Select(a => a.Account));
        Assert.Equal("Alice Again", directory.FindAccount("ALICE")!.DisplayName);
        Assert.Equal("Bob", directory.NameOf(101));     // deleted: history still names him
        Assert.Null(directory.NameOf(102));             // hidden: forgotten entirely
        Assert.NotNull(directory.Settings);
        Assert.Equal(12UL, directory.Version);
    }

    [Fact]
    public void A_reset_drops_everything_before_applying_the_page()
    {
        var directory = new LocalDirectory();
        var first = new DirectorySyncResponse { NextVersion = 50, ViewFingerprint = 1 };
        first.Accounts.Add([Account(1, "old"), Account(2, "kept")]);
        first.Departments.Add(new DirectoryDepartment { Id = 9, Name = "Gone" });
        directory.Apply(first);

        var reset = new DirectorySyncResponse { NextVersion = 20, ViewFingerprint = 2, Reset = true };
        reset.Accounts.Add(Account(2, "kept"));
        directory.Apply(reset);

        Assert.Equal(["kept"], directory.Accounts.Select(a => a.Account));
        Assert.Empty(directory.Departments);
        Assert.Equal((20UL, 2UL), (directory.Version, directory.ViewFingerprint));
    }

    [Fact]
    public void The_copy_survives_a_restart_through_its_file_and_an_unreadable_file_starts_over()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ferry-local-directory-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "copy.directory.pb");
        try
        {
            LocalDirectory directory = LocalDirectory.Open(path);
            Assert.Equal(0UL, directory.Version);
            var page = new DirectorySyncResponse { NextVersion = 33, ViewFingerprint = 5, Settings = new DirectorySettings { Version = 2 } };
            page.Accounts.Add(Account(1, "alice"));
            page.Departments.Add(new DirectoryDepartment { Id = 3, Name = "Sales" });
            page.Removals.Add(new DirectoryRemoval { Kind = DirectoryEntityKind.DirectoryEntityAccount, Id = 2, Deleted = true, Account = "bob", DisplayName = "Bob" });
            directory.Apply(page);
            directory.Save();

            LocalDirectory reopened = LocalDirectory.Open(path);
            Assert.Equal((33UL, 5UL, 2UL), (reopened.Version, reopened.ViewFingerprint, reopened.Settings!.Version));
            Assert.Equal(["alice"], reopened.Accounts.Select(a => a.Account));
            Assert.Equal(["Sales"], reopened.Departments.Select(d => d.Name));
            Assert.Equal("Bob", reopened.NameOf(2));

            File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF]);
            LocalDirectory broken = LocalDirectory.Open(path);
            Assert.Equal((0UL, 0), (broken.Version, broken.Accounts.Count));
        }
        finally
        {
            if (System.IO.Directory.Exists(dir))
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static DirectoryAccount Account(ulong id, string name, string? display = null) =>
        new() { Id = id, Account = name, DisplayName = display ?? name };
}
