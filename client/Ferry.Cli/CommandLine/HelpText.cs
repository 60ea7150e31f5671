using System.Text;

namespace Ferry.Cli.CommandLine;

/// <summary>What `ferry --help` and `ferry COMMAND --help` print.</summary>
internal static class HelpText
{
    private const string GlobalOptions =
        "Global options (also from environment variables; options win):\n" +
        "  --server HOST[:PORT]   server, discovery port 7080 by default     FERRY_SERVER\n" +
        "  --user NAME            account to act as                           FERRY_USER\n" +
        "  --password P           password (only needed without a session)    FERRY_PASSWORD\n" +
        "  --fingerprint SHA256   pin the server certificate (64 hex digits)  FERRY_FINGERPRINT\n" +
        "  --json                 one JSON object per line\n" +
        "  --verbose              log reconnects and other events to stderr\n" +
        "  -h, --help             show help\n";

    public static string General()
    {
        var text = new StringBuilder();
        text.Append("ferry - command-line client for a Ferry appliance\n\n");
        text.Append("Usage: ferry [global options] COMMAND [arguments]\n\nCommands:\n");
        foreach (CommandSpec command in CommandSpec.All)
        {
            string synopsis = $"{command.Name} {command.Arguments}".TrimEnd();
            text.Append(synopsis.Length <= 40 ? $"  {synopsis,-40}  {command.Summary}\n" : $"  {synopsis}\n  {string.Empty,-40}  {command.Summary}\n");
        }

        text.Append('\n').Append(GlobalOptions);
        text.Append("\nAn unknown server certificate is trusted on first use and recorded in known_hosts in the\n");
        text.Append("config directory ($FERRY_CONFIG_DIR, else $XDG_CONFIG_HOME/ferry, else ~/.config/ferry);\n");
        text.Append("a changed certificate is always refused. Run 'ferry COMMAND --help' for details.\n");
        text.Append("\nExit codes: 0 success, 1 server or network error, 2 usage error.\n");
        return text.ToString();
    }

    public static string For(CommandSpec command) =>
        $"Usage: ferry [global options] {command.Name} {command.Arguments}".TrimEnd() + "\n\n" + command.Details + "\n\n" + GlobalOptions;
}
