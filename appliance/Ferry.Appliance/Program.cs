using Ferry.Appliance.Commands;
using Ferry.Appliance.Configuration;

namespace Ferry.Appliance;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CommandLine command = CommandLine.Parse(args);
        if (command.Command is "help")
        {
            Console.Out.WriteLine(CommandLine.Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (command.Command is "version")
        {
            Console.Out.WriteLine($"ferryd {typeof(Program).Assembly.GetName().Version} protocol {Transport.ProtocolDefaults.Version}");
            return 0;
        }

        if (command.Command is not ("init" or "run"))
        {
            await Console.Error.WriteLineAsync($"ferryd: unknown command '{command.Command}'\n\n{CommandLine.Usage}").ConfigureAwait(false);
            return 2;
        }

        if (string.IsNullOrWhiteSpace(command.DataDirectory))
        {
            await Console.Error.WriteLineAsync("ferryd: --data DIR (or FERRY_DATA) is required").ConfigureAwait(false);
            return 2;
        }

        FerryOptions options;
        try
        {
            options = FerryOptionsReader.Read(FerryOptionsReader.BuildConfiguration(command.DataDirectory, command.ConfigurationArguments), command.DataDirectory);
        }
        catch (Exception ex) when (ex is InvalidConfigurationException or FormatException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"ferryd: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            return command.Command == "init" ? InitCommand.Run(options, command.Json) : await RunCommand.RunAsync(options, command.InitIfMissing).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or InvalidConfigurationException)
        {
            await Console.Error.WriteLineAsync($"ferryd: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
