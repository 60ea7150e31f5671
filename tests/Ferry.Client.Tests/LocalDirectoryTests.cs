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

    private static DirectoryAccount Account(ulong id, string name, string? display = null) =>
        new() { Id = id, Account = name, DisplayName = display ?? name };
}
