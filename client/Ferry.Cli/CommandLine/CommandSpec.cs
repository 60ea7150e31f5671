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

    public static IReadOnlyList<CommandSpec> All { get; } = [Login, Send, Listen, History, CreateAccount];
}
