using System.Text;

namespace Ferry.Client.Storage;

/// <summary>
/// Replaces a file all at once: write a temporary file beside it, flush it to disk, rename it over the original.
/// A reader (or a crash) sees the old content or the new, never half of each.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string contents) => WriteAllBytes(path, Encoding.UTF8.GetBytes(contents));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        ConfigDirectory.Ensure(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Sessions hold bearer tokens: readable by the user only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
