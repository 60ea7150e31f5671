using System.Text.Json;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Hosting;

namespace Ferry.Appliance.Commands;

/// <summary><c>ferryd init</c>: prints the admin password and fingerprint once, to stdout only.</summary>
internal static class InitCommand
{
    public static int Run(FerryOptions options, bool json)
    {
        DataDirectory.InitResult result = DataDirectory.Initialise(options, TimeProvider.System);
        if (json)
        {
            using var writer = new Utf8JsonWriter(Console.OpenStandardOutput());
            writer.WriteStartObject();
            writer.WriteString("adminPassword", result.AdminPassword);
            writer.WriteString("fingerprint", result.Fingerprint);
            writer.WriteEndObject();
            writer.Flush();
            Console.Out.WriteLine();
        }
        else
        {
            Console.Out.WriteLine($"""
                Ferry data directory initialised: {options.DataDirectory}
                  administrator:     admin
                  admin password:    {result.AdminPassword}   (shown only now: store it safely)
                  TLS fingerprint:   SHA256 {result.Fingerprint}
                  discovery:         http://{Host(options)}:{options.Listen.DiscoveryPort}/api/v1/discovery
                  long connection:   {Host(options)}:{options.Listen.FramedPort} (TLS)
                  REST API:          https://{Host(options)}:{options.Listen.HttpsPort}/api/v1/
                  settings:          {Path.Combine(options.DataDirectory, FerryOptionsReader.FileName)}
                Start it with: ferryd run --data {options.DataDirectory}
                """);
        }

        return 0;
    }

    private static string Host(FerryOptions options) =>
        options.PublicHost ?? (options.Listen.Address is "0.0.0.0" or "*" or "::" ? "localhost" : options.Listen.Address);
}
