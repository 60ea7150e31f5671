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
                Start it with: ferryd run --data {options.DataDirectory}
                """);
        }

        return 0;
    }
}
