namespace Ferry.Cli.CommandLine;

/// <summary>The command line is wrong: reported on stderr with exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public UsageException()
        : base("invalid command line")
    {
    }

    /// <summary>The command whose help to point at, when known.</summary>
    public string? Command { get; init; }
}
