using System.Runtime.InteropServices;

namespace Ferry.Testing;

/// <summary>Signals .NET has no API for: a graceful SIGTERM to a child process.</summary>
internal static partial class Posix
{
    private const int SigTerm = 15;

    public static void Terminate(int processId)
    {
        if (Kill(processId, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
