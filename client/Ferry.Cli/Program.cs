using Ferry.Cli;

using var shutdown = new ShutdownSignal();
return await new CliApp(Console.Out, Console.Error, Environment.GetEnvironmentVariable).RunAsync(args, shutdown.Token).ConfigureAwait(false);
