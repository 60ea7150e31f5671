using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ferry.Client;

namespace Ferry.Cli.Output;

/// <summary>Writes results to stdout and errors to stderr, as JSON lines with --json and as text otherwise.</summary>
internal sealed class ConsoleOutput
{
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public ConsoleOutput(TextWriter stdout, TextWriter stderr, bool json)
    {
        _stdout = stdout;
        _stderr = stderr;
        Json = json;
    }

    public bool Json { get; }

    public TextWriter Error => _stderr;

    /// <summary>A result: <paramref name="value"/> as one JSON line with --json, else <paramref name="text"/>.</summary>
    public void Result<T>(T value, JsonTypeInfo<T> type, string text)
    {
        _stdout.WriteLine(Json ? JsonSerializer.Serialize(value, type) : text);
        _stdout.Flush();
    }

    public void Message(MessageEvent message)
    {
        string time = message.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var line = new MessageLine(message.Id, message.Seq, message.From, message.To, time, message.Text);
        Result(line, CliJsonContext.Lines.MessageLine, $"{time}  #{message.Seq}  {message.From} -> {message.To}: {message.Text}");
    }

    /// <summary>`ferry: message` on stderr; with --json also the error envelope as a JSON line.</summary>
    public void Failure(uint code, string name, string message)
    {
        _stderr.WriteLine($"ferry: {message}");
        if (Json)
        {
            _stderr.WriteLine(JsonSerializer.Serialize(new ErrorLine(new ErrorDetail(code, name, message)), CliJsonContext.Lines.ErrorLine));
        }

        _stderr.Flush();
    }

    /// <summary>Notes for the person at the terminal (never JSON, never on stdout).</summary>
    public void Note(string message)
    {
        _stderr.WriteLine($"ferry: {message}");
        _stderr.Flush();
    }
}
