using System.Globalization;

namespace Ferry.LoadGen;

/// <summary>"--name value" options after the subcommand.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Args(string[] arguments)
    {
        for (int i = 0; i < arguments.Length; i++)
        {
            if (!arguments[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= arguments.Length)
            {
                throw new ArgumentException($"expected --name value, got '{arguments[i]}'");
            }

            _values[arguments[i][2..]] = arguments[++i];
        }
    }

    public string String(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out string? raw) ? int.Parse(raw, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
}
