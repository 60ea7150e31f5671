using Ferry.Testing;
using Ferry.Client.Storage;

namespace Ferry.Client.Tests;

public sealed class SessionStoreTests : IDisposable
{
    private const string Server = "[::1]:7080";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Round_trips_session_device_and_cursors()
    {
        SessionStore store = SessionStore.Open(_dir.Path, Server, "Alice");
        string deviceId = store.DeviceId;
        store.SetSession("token-1", 1_900_000_000_000, "alice", 42);
        store.CommitConsumed(7, 3);
        store.CommitConsumed(7, 2); // never backwards
        store.CommitConsumed(9, 11);
        store.CommitSyncVersion(120);
        store.Save();

        SessionStore reloaded = SessionStore.Open(_dir.Path, Server, "alice");
        Assert.Equal(deviceId, reloaded.DeviceId);
        Assert.Equal(32, deviceId.Length);
        Assert.Equal("token-1", reloaded.Read(s => s.SessionToken));
        Assert.Equal(42UL, reloaded.Read(s => s.AccountId));
        Assert.Equal(120UL, reloaded.Read(s => s.SyncVersion));
        Assert.Equal(3UL, reloaded.Read(s => s.LastSeq[7]));
        Assert.Equal(11UL, reloaded.Read(s => s.LastSeq[9]));
    }

    [Fact]
    public void Files_are_per_server_and_user_and_leave_no_temporary_files()
    {
        SessionStore.Open(_dir.Path, Server, "alice").Save();
        SessionStore.Open(_dir.Path, "other:7080", "alice").Save();
        SessionStore.Open(_dir.Path, Server, "bob").Save();

        string[] files = Directory.GetFiles(Path.Combine(_dir.Path, "sessions"));
        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.EndsWith(".json", f, StringComparison.Ordinal));
        Assert.NotEqual(SessionStore.Open(_dir.Path, Server, "alice").DeviceId, SessionStore.Open(_dir.Path, Server, "bob").DeviceId);
    }

    [Fact]
    public void Session_file_is_private_to_the_user()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        SessionStore store = SessionStore.Open(_dir.Path, Server, "alice");
        store.SetSession("secret", 0, "alice", 1);
        store.Save();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
    }

    [Fact]
    public void Concurrent_processes_merge_cursors_forward_and_keep_a_newer_login()
    {
        SessionStore listener = SessionStore.Open(_dir.Path, Server, "alice");
        listener.SetSession("old", 0, "alice", 1);
        listener.Save();

        // Another process (`ferry login`) logs in again and a third consumed further in conversation 7.
        SessionStore login = SessionStore.Open(_dir.Path, Server, "alice");
        login.SetSession("new", 0, "alice", 1);
        login.CommitConsumed(7, 10);
        login.Save();

        listener.CommitConsumed(7, 4);
        listener.CommitConsumed(8, 2);
        listener.Save();

        SessionStore result = SessionStore.Open(_dir.Path, Server, "alice");
        Assert.Equal("new", result.Read(s => s.SessionToken));
        Assert.Equal(10UL, result.Read(s => s.LastSeq[7]));
        Assert.Equal(2UL, result.Read(s => s.LastSeq[8]));
    }

    [Fact]
    public void Corrupt_file_starts_afresh()
    {
        string path = SessionStore.PathFor(_dir.Path, Server, "alice");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{ not json");

        SessionStore store = SessionStore.Open(_dir.Path, Server, "alice");

        Assert.Null(store.Read(s => s.SessionToken));
        Assert.False(string.IsNullOrEmpty(store.DeviceId));
    }

    [Fact]
    public void Atomic_write_replaces_whole_content()
    {
        string path = Path.Combine(_dir.Path, "file.json");
        AtomicFile.WriteAllText(path, new string('x', 10_000));
        AtomicFile.WriteAllText(path, "short");

        Assert.Equal("short", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Config_directory_follows_the_documented_precedence()
    {
        Assert.Equal("/explicit", ConfigDirectory.Resolve(v => v switch { "FERRY_CONFIG_DIR" => "/explicit", "XDG_CONFIG_HOME" => "/xdg", _ => "/home/u" }));
        Assert.Equal(Path.Combine("/xdg", "ferry"), ConfigDirectory.Resolve(v => v switch { "XDG_CONFIG_HOME" => "/xdg", "HOME" => "/home/u", _ => null }));
        Assert.Equal(Path.Combine("/home/u", ".config", "ferry"), ConfigDirectory.Resolve(v => v == "HOME" ? "/home/u" : null));
    }
}
