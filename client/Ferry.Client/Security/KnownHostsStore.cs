using System.Text;
using Ferry.Client.Storage;

namespace Ferry.Client.Security;

/// <summary>What the known_hosts file says about a server's certificate.</summary>
public enum KnownHostVerdict
{
    /// <summary>The file has this host with this fingerprint.</summary>
    Known,

    /// <summary>The file does not mention the host.</summary>
    Unknown,

    /// <summary>The file has the host with a different fingerprint: possibly an attack; never accepted.</summary>
    Mismatch,
}

/// <summary>
/// Trust-on-first-use memory, like ssh's known_hosts: the file <c>known_hosts</c> in the config directory,
/// one line per server, <c>host:port sha256hex</c>. Lines starting with '#' and blank lines are kept as they are.
/// </summary>
public sealed class KnownHostsStore
{
    public const string FileName = "known_hosts";

    private readonly string _path;

    public KnownHostsStore(string configDirectory)
    {
        _path = Path.Combine(configDirectory, FileName);
    }

    public string FilePath => _path;

    /// <summary>The pinned fingerprint for <paramref name="hostPort"/>, or null when the host is unknown.</summary>
    public string? Find(string hostPort)
    {
        foreach (string line in ReadLines())
        {
            if (TryParseLine(line, out string host, out string fingerprint) && string.Equals(host, hostPort, StringComparison.OrdinalIgnoreCase))
            {
                return fingerprint;
            }
        }

        return null;
    }

    public KnownHostVerdict Check(string hostPort, string fingerprint, out string? knownFingerprint)
    {
        knownFingerprint = Find(hostPort);
        if (knownFingerprint is null)
        {
            return KnownHostVerdict.Unknown;
        }

        return string.Equals(knownFingerprint, fingerprint, StringComparison.OrdinalIgnoreCase) ? KnownHostVerdict.Known : KnownHostVerdict.Mismatch;
    }

    /// <summary>Records a first-use fingerprint. Refuses to overwrite a different one: a changed key is the user's call.</summary>
    public void Add(string hostPort, string fingerprint)
    {
        string normalized = Fingerprint.Normalize(fingerprint);
        List<string> lines = ReadLines().ToList();
        foreach (string line in lines)
        {
            if (TryParseLine(line, out string host, out string existing) && string.Equals(host, hostPort, StringComparison.OrdinalIgnoreCase))
            {
                if (existing == normalized)
                {
                    return;
                }

                throw new InvalidOperationException($"{_path} already has a different fingerprint for {hostPort}");
            }
        }

        lines.Add($"{hostPort} {normalized}");
        var text = new StringBuilder();
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
        }

        AtomicFile.WriteAllText(_path, text.ToString());
    }

    private IEnumerable<string> ReadLines() => File.Exists(_path) ? File.ReadAllLines(_path) : [];

    private static bool TryParseLine(string line, out string hostPort, out string fingerprint)
    {
        hostPort = string.Empty;
        fingerprint = string.Empty;
        string trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed[0] == '#')
        {
            return false;
        }

        string[] parts = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !Fingerprint.TryNormalize(parts[1], out fingerprint))
        {
            return false;
        }

        hostPort = parts[0];
        return true;
    }
}
