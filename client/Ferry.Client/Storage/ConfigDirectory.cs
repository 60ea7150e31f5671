namespace Ferry.Client.Storage;

/// <summary>Where Ferry keeps known_hosts and sessions: $FERRY_CONFIG_DIR, else $XDG_CONFIG_HOME/ferry, else ~/.config/ferry.</summary>
public static class ConfigDirectory
{
    public static string Resolve() => Resolve(Environment.GetEnvironmentVariable);

    public static string Resolve(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("FERRY_CONFIG_DIR") is { Length: > 0 } explicitDir)
        {
            return explicitDir;
        }

        if (environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "ferry");
        }

        string home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", "ferry");
    }

    /// <summary>Creates the directory private to the user: it holds session tokens.</summary>
    public static void Ensure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
