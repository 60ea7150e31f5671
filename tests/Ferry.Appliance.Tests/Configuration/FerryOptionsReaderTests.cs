using Ferry.Appliance.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ferry.Appliance.Tests.Configuration;

public sealed class FerryOptionsReaderTests
{
    private const string DataDirectory = "/var/lib/ferry";

    [Fact]
    public void No_settings_give_the_documented_defaults()
    {
        FerryOptions options = Read();

        Assert.Equal(new FerryOptions { DataDirectory = DataDirectory }, options);
        Assert.Equal(("Ferry", null, "0.0.0.0"), (options.Name, options.PublicHost, options.Listen.Address));
        Assert.Equal((7080, 7006, 7443), (options.Listen.DiscoveryPort, options.Listen.FramedPort, options.Listen.HttpsPort));
        Assert.Equal((30, 600_000), (options.Sessions.LifetimeDays, options.Sessions.PasswordIterations));
        Assert.Equal(("json", "Information"), (options.Logging.Format, options.Logging.Level));
        Assert.Equal(Path.Combine(DataDirectory, "ferry.db"), options.DatabasePath);
    }

    [Fact]
    public void A_relative_data_directory_becomes_absolute()
    {
        FerryOptions options = FerryOptionsReader.Read(Config(), "relative/data");

        Assert.Equal(Path.GetFullPath("relative/data"), options.DataDirectory);
    }

    [Fact]
    public void Every_known_setting_is_read_with_keys_and_choices_case_insensitive()
    {
        FerryOptions options = Read(
            ("name", " Acme Chat "), ("PublicHost", "chat.acme.test"), ("LISTEN:ADDRESS", "::"),
            ("Listen:DiscoveryPort", "0"), ("Listen:FramedPort", "7106"), ("Listen:HttpsPort", "65535"),
            ("Tls:CertificateFile", "/etc/ferry/cert.pem"), ("Tls:KeyFile", "/etc/ferry/key.pem"),
            ("Connections:MaxFramePayload", "65536"), ("Connections:HeartbeatSeconds", "5"), ("Connections:IdleTimeoutSeconds", "6"),
            ("Connections:HandshakeTimeoutSeconds", "3"), ("Connections:SendQueueFrames", "16"), ("Connections:MaxInFlightRequests", "7"),
            ("Connections:InlineNoticeBytes", "0"), ("Connections:MaxFailedLoginsPerConnection", "2"),
            ("Sessions:LifetimeDays", "1"), ("Sessions:PasswordIterations", "1000"),
            ("Logging:Format", "TEXT"), ("logging:level", "debug"));

        Assert.Equal(("Acme Chat", "chat.acme.test", "::"), (options.Name, options.PublicHost, options.Listen.Address));
        Assert.Equal(new ListenOptions { Address = "::", DiscoveryPort = 0, FramedPort = 7106, HttpsPort = 65535 }, options.Listen);
        Assert.Equal(new TlsOptions { CertificateFile = "/etc/ferry/cert.pem", KeyFile = "/etc/ferry/key.pem" }, options.Tls);
        Assert.Equal(
            new ConnectionLimits
            {
                MaxFramePayload = 65536, HeartbeatSeconds = 5, IdleTimeoutSeconds = 6, HandshakeTimeoutSeconds = 3, SendQueueFrames = 16,
                MaxInFlightRequests = 7, InlineNoticeBytes = 0, MaxFailedLoginsPerConnection = 2,
            },
            options.Connections);
        Assert.Equal(new SessionOptions { LifetimeDays = 1, PasswordIterations = 1000 }, options.Sessions);
        Assert.Equal(new LoggingOptions { Format = "text", Level = "Debug" }, options.Logging);
    }

    [Fact]
    public void Later_layers_override_earlier_ones()
    {
        IConfiguration config = new ConfigurationBuilder()
            .AddInMemoryCollection(Pairs(("Name", "from file"), ("Listen:FramedPort", "7100"), ("Listen:HttpsPort", "7400"), ("Logging:Format", "text")))
            .AddInMemoryCollection(Pairs(("Name", "from environment"), ("Listen:FramedPort", "7200")))
            .AddInMemoryCollection(Pairs(("Name", "from command line")))
            .Build();

        FerryOptions options = FerryOptionsReader.Read(config, DataDirectory);

        Assert.Equal(("from command line", 7200, 7400, "text"), (options.Name, options.Listen.FramedPort, options.Listen.HttpsPort, options.Logging.Format));
    }

    [Theory]
    [InlineData("Listen:FramedPort", "70000")]
    [InlineData("Listen:HttpsPort", "-1")]
    [InlineData("Listen:DiscoveryPort", "http")]
    [InlineData("Listen:DiscoveryPort", "80.5")]
    [InlineData("Listen:FramedPort", "")]
    [InlineData("Connections:MaxFramePayload", "1024")]
    [InlineData("Connections:HeartbeatSeconds", "0")]
    [InlineData("Connections:SendQueueFrames", "99999999999")]
    [InlineData("Sessions:PasswordIterations", "999")]
    [InlineData("Sessions:LifetimeDays", "-30")]
    [InlineData("Logging:Format", "xml")]
    [InlineData("Logging:Level", "verbose")]
    [InlineData("Name", "   ")]
    public void An_invalid_value_is_refused_naming_its_key_and_value(string key, string value)
    {
        InvalidConfigurationException error = Assert.Throws<InvalidConfigurationException>(() => Read((key, value)));

        string problem = Assert.Single(error.Problems);
        Assert.StartsWith(key + " must be", problem, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        if (value.Trim().Length > 0)
        {
            Assert.Contains($"'{value}'", problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Listen:FramePort")]
    [InlineData("Connections:Heartbeat")]
    [InlineData("Colour")]
    public void An_unknown_key_is_refused_by_name(string key)
    {
        InvalidConfigurationException error = Assert.Throws<InvalidConfigurationException>(() => Read((key, "1")));

        Assert.Equal($"unknown setting '{key}'", Assert.Single(error.Problems));
    }

    [Theory]
    [InlineData("15", "15")]
    [InlineData("30", "15")]
    public void An_idle_timeout_not_longer_than_the_heartbeat_is_refused(string heartbeat, string idle)
    {
        InvalidConfigurationException error = Assert.Throws<InvalidConfigurationException>(() =>
            Read(("Connections:HeartbeatSeconds", heartbeat), ("Connections:IdleTimeoutSeconds", idle)));

        string problem = Assert.Single(error.Problems);
        Assert.Contains("Connections:IdleTimeoutSeconds", problem, StringComparison.Ordinal);
        Assert.Contains("Connections:HeartbeatSeconds", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        InvalidConfigurationException error = Assert.Throws<InvalidConfigurationException>(() =>
            Read(("Listen:FramedPort", "70000"), ("Logging:Format", "xml"), ("Typo", "x")));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("Listen:FramedPort", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Logging:Format", StringComparison.Ordinal));
        Assert.Contains("unknown setting 'Typo'", error.Problems);
    }

    private static FerryOptions Read(params (string Key, string Value)[] settings) => FerryOptionsReader.Read(Config(settings), DataDirectory);

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(Pairs(settings)).Build();

    private static IEnumerable<KeyValuePair<string, string?>> Pairs(params (string Key, string Value)[] settings) =>
        settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value));
}
