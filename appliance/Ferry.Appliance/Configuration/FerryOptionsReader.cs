using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Ferry.Appliance.Configuration;

/// <summary>
/// Builds <see cref="FerryOptions"/> from the layered configuration by hand: no reflection binder (AOT), and every
/// value checked with an error that names its key. Unknown keys are refused too, so a typo is not silently ignored.
/// </summary>
internal static class FerryOptionsReader
{
    public const string FileName = "ferry.json";
    public const string EnvironmentPrefix = "FERRY_";

    /// <summary>Command-line spellings accepted by <c>ferryd run</c>, mapped to configuration keys.</summary>
    public static readonly Dictionary<string, string> CommandLineSwitches = new(StringComparer.Ordinal)
    {
        ["--name"] = "Name",
        ["--public-host"] = "PublicHost",
        ["--listen"] = "Listen:Address",
        ["--discovery-port"] = "Listen:DiscoveryPort",
        ["--framed-port"] = "Listen:FramedPort",
        ["--https-port"] = "Listen:HttpsPort",
        ["--tls-cert"] = "Tls:CertificateFile",
        ["--tls-key"] = "Tls:KeyFile",
        ["--log-format"] = "Logging:Format",
        ["--log-level"] = "Logging:Level",
    };

    private static readonly HashSet<string> KnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Name", "PublicHost",
        "Listen:Address", "Listen:DiscoveryPort", "Listen:FramedPort", "Listen:HttpsPort",
        "Tls:CertificateFile", "Tls:KeyFile",
        "Connections:MaxFramePayload", "Connections:HeartbeatSeconds", "Connections:IdleTimeoutSeconds",
        "Connections:HandshakeTimeoutSeconds", "Connections:SendQueueFrames", "Connections:MaxInFlightRequests",
        "Connections:InlineNoticeBytes", "Connections:MaxFailedLoginsPerConnection",
        "Sessions:LifetimeDays", "Sessions:PasswordIterations",
        "Logging:Format", "Logging:Level",
    };

    public static IConfigurationRoot BuildConfiguration(string dataDirectory, string[] commandLine)
    {
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Path.GetFullPath(dataDirectory), FileName), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(commandLine, CommandLineSwitches)
            .Build();
    }

    public static FerryOptions Read(IConfiguration config, string dataDirectory)
    {
        var errors = new List<string>();
        foreach (var pair in config.AsEnumerable())
        {
            // FERRY_SERVER, FERRY_USER … belong to the ferry CLI and may share the environment: an unknown
            // top-level environment name is not ours. A nested one (FERRY_LISTEN__PROT) is a typo, and refused.
            if (pair.Value is not null && !KnownKeys.Contains(pair.Key) && (pair.Key.Contains(':', StringComparison.Ordinal) || !FromEnvironmentOnly(config, pair.Key)))
            {
                errors.Add($"unknown setting '{pair.Key}'");
            }
        }

        var reader = new Reader(config, errors);
        var options = new FerryOptions
        {
            DataDirectory = Path.GetFullPath(dataDirectory),
            Name = reader.Text("Name", "Ferry", maxLength: 100)!,
            PublicHost = reader.Text("PublicHost", null, maxLength: 253),
            Listen = new ListenOptions
            {
                Address = reader.Text("Listen:Address", "0.0.0.0", maxLength: 64)!,
                DiscoveryPort = reader.Int("Listen:DiscoveryPort", Transport.ProtocolDefaults.DiscoveryPort, 0, 65535),
                FramedPort = reader.Int("Listen:FramedPort", Transport.ProtocolDefaults.FramedPort, 0, 65535),
                HttpsPort = reader.Int("Listen:HttpsPort", Transport.ProtocolDefaults.HttpsPort, 0, 65535),
            },
            Tls = new TlsOptions
            {
                CertificateFile = reader.Text("Tls:CertificateFile", "tls/cert.pem", maxLength: 4096)!,
                KeyFile = reader.Text("Tls:KeyFile", "tls/key.pem", maxLength: 4096)!,
            },
            Connections = new ConnectionLimits
            {
                MaxFramePayload = reader.Int("Connections:MaxFramePayload", Transport.ProtocolDefaults.MaxPayload, 16 * 1024, 64 * 1024 * 1024),
                HeartbeatSeconds = reader.Int("Connections:HeartbeatSeconds", Transport.ProtocolDefaults.HeartbeatSeconds, 1, 3600),
                IdleTimeoutSeconds = reader.Int("Connections:IdleTimeoutSeconds", Transport.ProtocolDefaults.IdleTimeoutSeconds, 2, 7200),
                HandshakeTimeoutSeconds = reader.Int("Connections:HandshakeTimeoutSeconds", 10, 1, 300),
                SendQueueFrames = reader.Int("Connections:SendQueueFrames", 4096, 16, 1_000_000),
                MaxInFlightRequests = reader.Int("Connections:MaxInFlightRequests", 1024, 1, 100_000),
                InlineNoticeBytes = reader.Int("Connections:InlineNoticeBytes", 4096, 0, 1024 * 1024),
                MaxFailedLoginsPerConnection = reader.Int("Connections:MaxFailedLoginsPerConnection", 5, 1, 1000),
            },
            Sessions = new SessionOptions
            {
                LifetimeDays = reader.Int("Sessions:LifetimeDays", 30, 1, 3650),
                PasswordIterations = reader.Int("Sessions:PasswordIterations", Security.PasswordHasher.DefaultIterations, Security.PasswordHasher.MinimumIterations, 10_000_000),
            },
            Logging = new LoggingOptions
            {
                Format = reader.OneOf("Logging:Format", "json", "json", "text"),
                Level = reader.OneOf("Logging:Level", "Information", "Trace", "Debug", "Information", "Warning", "Error", "Critical"),
            },
        };

        if (options.Connections.IdleTimeoutSeconds <= options.Connections.HeartbeatSeconds)
        {
            errors.Add("Connections:IdleTimeoutSeconds must be longer than Connections:HeartbeatSeconds");
        }

        // A client's own answers must always fit its queue, so only pushes to a non-reading client can overflow it.
        if (options.Connections.SendQueueFrames <= options.Connections.MaxInFlightRequests)
        {
            errors.Add("Connections:SendQueueFrames must be larger than Connections:MaxInFlightRequests");
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException(errors);
        }

        return options;
    }

    private static bool FromEnvironmentOnly(IConfiguration config, string key) =>
        config is IConfigurationRoot root && root.Providers.All(provider =>
            provider is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider || !provider.TryGet(key, out _));

    private sealed class Reader(IConfiguration config, List<string> errors)
    {
        public string? Text(string key, string? fallback, int maxLength)
        {
            string? value = config[key];
            if (value is null)
            {
                return fallback;
            }

            value = value.Trim();
            if (value.Length == 0 || value.Length > maxLength)
            {
                errors.Add($"{key} must be 1 to {maxLength} characters");
                return fallback;
            }

            return value;
        }

        public int Int(string key, int fallback, int min, int max)
        {
            string? value = config[key];
            if (value is null)
            {
                return fallback;
            }

            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) || parsed < min || parsed > max)
            {
                errors.Add($"{key} must be a whole number from {min} to {max}, not '{value}'");
                return fallback;
            }

            return parsed;
        }

        public string OneOf(string key, string fallback, params string[] allowed)
        {
            string? value = config[key];
            if (value is null)
            {
                return fallback;
            }

            foreach (string candidate in allowed)
            {
                if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
                {
                    return candidate;
                }
            }

            errors.Add($"{key} must be one of {string.Join(", ", allowed)}, not '{value}'");
            return fallback;
        }
    }
}

internal sealed class InvalidConfigurationException(IReadOnlyList<string> problems)
    : Exception("invalid configuration: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
