namespace Ferry.Cli.CommandLine;

/// <summary>The global options, after options override environment variables.</summary>
internal sealed record GlobalOptions(string? Server, string? User, string? Password, string? Fingerprint, bool Json, bool Verbose);

/// <summary>A parsed command line. With <see cref="Help"/> set, nothing else was validated.</summary>
internal sealed record ParsedArguments(
    CommandSpec? Command,
    IReadOnlyList<string> Positionals,
    IReadOnlyDictionary<string, string> Options,
    GlobalOptions Global,
    bool Help)
{
    public string? Option(string name) => Options.GetValueOrDefault(name);
}
