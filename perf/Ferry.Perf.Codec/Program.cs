using BenchmarkDotNet.Running;

namespace Ferry.Perf.Codec;

/// <summary>
/// <c>dotnet run -c Release --project perf/Ferry.Perf.Codec -- --filter '*'</c> for the full run;
/// add <c>--job short</c> for a quick one. All BenchmarkDotNet switches apply.
/// </summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
