namespace Ferry.Cli.CommandLine;

/// <summary>
/// Hand-written parsing (no reflection, AOT-friendly). Rules:
/// <list type="bullet">
/// <item>options are <c>--name value</c> or <c>--name=value</c>; flags are <c>--json</c>, <c>--verbose</c>, <c>--help</c>/<c>-h</c>;</item>
/// <item>global options may stand anywhere, but after the command words an option the command itself defines wins
/// (so <c>admin create-account --password</c> is the new account's password);</item>
/// <item><c>--</c> ends options: everything after it is positional;</item>
/// <item>global options fall back to FERRY_SERVER, FERRY_USER, FERRY_PASSWORD, FERRY_FINGERPRINT.</item>
/// </list>
/// </summary>
internal static class ArgumentParser
{
    private static readonly string[] GlobalValueOptions = ["server", "user", "password", "fingerprint"];

    public static ParsedArguments Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        CommandSpec? command = null;
        var positionals = new List<string>();
        var commandOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        var globals = new Dictionary<string, string>(StringComparer.Ordinal);
        bool json = false, verbose = false, help = false, optionsEnded = false;

        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!optionsEnded && arg == "--")
            {
                optionsEnded = true;
            }
            else if (!optionsEnded && arg is "-h" or "--help")
            {
                help = true;
            }
            else if (!optionsEnded && arg.StartsWith("--", StringComparison.Ordinal))
            {
                (string name, string? inline) = SplitOption(arg);
                if (command is not null && command.ValueOptions.Contains(name))
                {
                    commandOptions[name] = inline ?? TakeValue(args, ref i, name, command);
                }
                else if (GlobalValueOptions.Contains(name))
                {
                    globals[name] = inline ?? TakeValue(args, ref i, name, command);
                }
                else if (name is "json" or "verbose" && inline is null)
                {
                    json |= name == "json";
                    verbose |= name == "verbose";
                }
                else
                {
                    throw new UsageException($"unknown option --{name}") { Command = command?.Name };
                }
            }
            else if (!optionsEnded && arg.Length > 1 && arg[0] == '-')
            {
                throw new UsageException($"unknown option {arg}") { Command = command?.Name };
            }
            else if (command is null)
            {
                if (arg == "help")
                {
                    help = true;
                    continue;
                }

                command = ResolveCommand(args, ref i, help);
            }
            else
            {
                positionals.Add(arg);
            }
        }

        var global = new GlobalOptions(
            Value(globals, environment, "server", "FERRY_SERVER"),
            Value(globals, environment, "user", "FERRY_USER"),
            Value(globals, environment, "password", "FERRY_PASSWORD"),
            Value(globals, environment, "fingerprint", "FERRY_FINGERPRINT"),
            json,
            verbose);
        var parsed = new ParsedArguments(command, positionals, commandOptions, global, help);
        if (!help)
        {
            Validate(parsed);
        }

        return parsed;
    }

    private static CommandSpec? ResolveCommand(IReadOnlyList<string> args, ref int i, bool help)
    {
        string word = args[i];
        if (word == "admin")
        {
            if (i + 1 < args.Count && args[i + 1] == "create-account")
            {
                i++;
                return CommandSpec.CreateAccount;
            }

            // "ferry admin --help" shows the admin commands; anything else is an unknown subcommand.
            if (help || (i + 1 < args.Count && args[i + 1] is "--help" or "-h"))
            {
                return CommandSpec.CreateAccount;
            }

            throw new UsageException(i + 1 < args.Count ? $"unknown admin command '{args[i + 1]}'" : "admin needs a command: create-account");
        }

        if (word == "dir")
        {
            // "ferry dir sync|search|profile|me|groups|recent": the directory commands.
            string subcommand = i + 1 < args.Count ? "dir " + args[i + 1] : string.Empty;
            if (CommandSpec.All.FirstOrDefault(c => c.Name == subcommand) is { } directory)
            {
                i++;
                return directory;
            }

            if (help || (i + 1 < args.Count && args[i + 1] is "--help" or "-h"))
            {
                return CommandSpec.DirSync;
            }

            throw new UsageException(i + 1 < args.Count ? $"unknown dir command '{args[i + 1]}'" : "dir needs a command: sync, search, profile, me, groups, recent");
        }

        return CommandSpec.All.FirstOrDefault(c => c.Name == word)
            ?? throw new UsageException($"unknown command '{word}'");
    }

    private static void Validate(ParsedArguments parsed)
    {
        if (parsed.Command is not { } command)
        {
            throw new UsageException("no command given");
        }

        if (parsed.Positionals.Count < command.MinPositionals)
        {
            throw new UsageException($"{command.Name} needs {command.Arguments.Split(" [", 2)[0]}") { Command = command.Name };
        }

        if (parsed.Positionals.Count > command.MaxPositionals)
        {
            throw new UsageException($"{command.Name}: unexpected argument '{parsed.Positionals[command.MaxPositionals]}'") { Command = command.Name };
        }
    }

    private static (string Name, string? Value) SplitOption(string arg)
    {
        int equals = arg.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (arg[2..], null) : (arg[2..equals], arg[(equals + 1)..]);
    }

    private static string TakeValue(IReadOnlyList<string> args, ref int i, string name, CommandSpec? command)
    {
        if (i + 1 >= args.Count)
        {
            throw new UsageException($"option --{name} needs a value") { Command = command?.Name };
        }

        return args[++i];
    }

    private static string? Value(Dictionary<string, string> given, Func<string, string?> environment, string name, string variable) =>
        given.TryGetValue(name, out string? value) ? value : environment(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
}
