using Ferry.Testing;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Tests.Support;

namespace Ferry.Appliance.Tests.Configuration;

/// <summary>
/// The real layers ferryd builds: ferry.json, then FERRY_ environment variables, then the command line.
/// Environment variables are process-wide, so every test that sets one lives in this class (xunit runs a class's tests one at a time).
/// </summary>
public sealed class ConfigurationLayersTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_command_line_beats_the_environment_which_beats_ferry_json()
    {
        File.WriteAllText(Path.Combine(_directory.Path, "ferry.json"), """
            { "Name": "json", "Listen": { "FramedPort": 7100, "HttpsPort": 7400, "DiscoveryPort": 7800 }, "Logging": { "Format": "text" } }
            """);
        using var framed = new EnvironmentVariable("FERRY_LISTEN__FRAMEDPORT", "7200");
        using var https = new EnvironmentVariable("FERRY_LISTEN__HTTPSPORT", "7500");

        FerryOptions options = FerryOptionsReader.Read(
            FerryOptionsReader.BuildConfiguration(_directory.Path, ["--https-port", "7600", "--name=cli"]), _directory.Path);

        Assert.Equal(("cli", 7800, 7200, 7600, "text"), (options.Name, options.Listen.DiscoveryPort, options.Listen.FramedPort, options.Listen.HttpsPort, options.Logging.Format));
    }

    [Fact]
    public void Without_ferry_json_the_defaults_apply()
    {
        FerryOptions options = FerryOptionsReader.Read(FerryOptionsReader.BuildConfiguration(_directory.Path, []), _directory.Path);

        Assert.Equal(new FerryOptions { DataDirectory = _directory.Path }, options);
    }

    [Fact]
    public void A_misspelt_environment_variable_is_refused_by_name()
    {
        using var typo = new EnvironmentVariable("FERRY_LISTEN__FRAMEPORT", "7106");

        var error = Assert.Throws<InvalidConfigurationException>(() =>
            FerryOptionsReader.Read(FerryOptionsReader.BuildConfiguration(_directory.Path, []), _directory.Path));

        Assert.Contains("unknown setting 'LISTEN:FRAMEPORT'", error.Problems);
    }

    [Fact]
    public void A_bad_command_line_value_is_refused_by_key()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() =>
            FerryOptionsReader.Read(FerryOptionsReader.BuildConfiguration(_directory.Path, ["--framed-port", "70000", "--log-format", "xml"]), _directory.Path));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("Listen:FramedPort must be a whole number from 0 to 65535, not '70000'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Logging:Format must be one of json, text, not 'xml'", StringComparison.Ordinal));
    }

    private sealed class EnvironmentVariable : IDisposable
    {
        private readonly string _name;

        public EnvironmentVariable(string name, string value)
        {
            _name = name;
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, null);
    }
}
