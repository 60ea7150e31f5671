namespace Ferry.Appliance.Commands;

/// <summary>
/// <c>ferryd COMMAND --data DIR [options]</c>. The data directory comes from <c>--data</c> or <c>FERRY_DATA</c>;
/// the remaining options are configuration overrides (see <see cref="Configuration.FerryOptionsReader"/>).
/// </summary>
internal sealed record CommandLine(string Command, string? DataDirectory, bool Json, bool InitIfMissing, string[] ConfigurationArguments)
{
    public static CommandLine Parse(string[] args)
    {
        string command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "help";
        string? data = Environment.GetEnvironmentVariable("FERRY_DATA");
        bool json = false, init = false;
        var rest = new List<string>();
        for (int i = command == "help" && args.Length > 0 && args[0].StartsWith('-') ? 0 : 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    data = args[++i];
                    break;
                case "--json":
                    json = true;
                    break;
                case "--init":
                    init = true;
                    break;
                case "-h" or "--help":
                    command = "help";
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return new CommandLine(command, data, json, init, rest.ToArray());
    }

    public const string Usage = """
        ferryd — the Ferry appliance

        usage:
          ferryd init --data DIR [--json]        create the data directory, TLS certificate and the admin account
          ferryd run  --data DIR [--init] [opts] serve (with --init: initialise DIR first if it is new)
          ferryd version

        options for run (also in DIR/ferry.json, or FERRY_* environment variables, e.g. FERRY_LISTEN__FRAMEDPORT):
          --listen ADDR           address to bind (default 0.0.0.0)
          --discovery-port N      HTTP discovery (default 7080; 0 = any free port)
          --framed-port N         framed TLS long connection (default 7006)
          --https-port N          HTTPS REST API (default 7443)
          --public-host NAME      host name handed to clients by discovery
          --tls-cert FILE --tls-key FILE   the administrator's own PEM certificate and key
          --log-format json|text  --log-level Information|Debug|Warning|...
        """;
}
