namespace Ferry.Cli.CommandLine;

/// <summary>One command's shape: its words, how many positional arguments, which options take a value.</summary>
internal sealed record CommandSpec(string Name, string Arguments, string Summary, int MinPositionals, int MaxPositionals, string[] ValueOptions, string Details)
{
    public const int Unbounded = int.MaxValue;

    public static readonly CommandSpec Login = new(
        "login", string.Empty, "log in with a password and store a resumable session", 0, 0, [],
        "Logs in as --user with --password (or FERRY_PASSWORD) and stores the session token, so later\n" +
        "commands resume it without a password.");

    public static readonly CommandSpec Send = new(
        "send", "USER TEXT...", "send a message to USER", 2, Unbounded, [],
        "Sends TEXT (several words are joined with spaces) to USER and waits until the server stored it.\n" +
        "Prints the message id and seq; with --json {\"id\":…,\"seq\":…}.");

    public static readonly CommandSpec Listen = new(
        "listen", string.Empty, "print incoming messages until Ctrl-C", 0, 0, [],
        "Prints messages that arrived while offline first, then new ones as they come, each once.\n" +
        "Reconnects by itself; stops on Ctrl-C or SIGTERM.");

    public static readonly CommandSpec History = new(
        "history", "USER [--limit N] [--after SEQ]", "print the conversation with USER", 1, 1, ["limit", "after"],
        "Prints the last N (default 50) messages with USER, oldest first; with --after SEQ the messages\n" +
        "after SEQ (at most N).");

    public static readonly CommandSpec CreateAccount = new(
        "admin create-account", "NAME --password P [--display-name D]", "create an account (admin only)", 1, 1, ["password", "display-name"],
        "Logs in (or resumes) as --user, an administrator, and creates account NAME through the HTTPS API.\n" +
        "Here --password after the command is the NEW account's password; the administrator's password\n" +
        "goes before the command (ferry --password ADMINPW admin create-account …) or in FERRY_PASSWORD.");

    public static readonly CommandSpec DirSync = new(
        "dir sync", string.Empty, "fetch the directory (only what changed since the last sync)", 0, 0, [],
        "Syncs the directory as this account may see it and prints how many departments and accounts it\n" +
        "holds and at which version.");

    public static readonly CommandSpec DirSearch = new(
        "dir search", "QUERY [--limit N]", "find people by name, account, pinyin or initials", 1, 1, ["limit"],
        "Searches display names, account names, full pinyin and initials (zs and zhangsan find 张三);\n" +
        "prints at most N (default 20, at most 50) hits, best first.");

    public static readonly CommandSpec DirProfile = new(
        "dir profile", "ACCOUNT...", "show profiles", 1, 100, [],
        "Prints the profiles of the named accounts; accounts that do not exist or are not visible are reported missing.");

    public static readonly CommandSpec DirMe = new(
        "dir me", "[--signature TEXT]", "show (or change the signature of) your own profile", 0, 0, ["signature"],
        "Prints your own profile and which fields you may edit; --signature TEXT sets your signature first.");

    public static readonly CommandSpec DirGroups = new(
        "dir groups", "[create NAME | rename ID NAME | delete ID | members ID ACCOUNT...]", "list or change your contact groups", 0, 102, [],
        "Without arguments lists your personal contact groups. create, rename and delete change one group;\n" +
        "members ID ACCOUNT... replaces the group's members with the named accounts.");

    public static readonly CommandSpec DirRecent = new(
        "dir recent", string.Empty, "list your recent contacts", 0, 0, [],
        "Lists the accounts you had direct conversations with, most recent first.");

    public static IReadOnlyList<CommandSpec> All { get; } = [Login, Send, Listen, History, CreateAccount, DirSync, DirSearch, DirProfile, DirMe, DirGroups, DirRecent];
}
