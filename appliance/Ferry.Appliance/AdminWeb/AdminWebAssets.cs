using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Ferry.Appliance.AdminWeb;

/// <summary>One file of the admin page, held in memory with its validator and an optional Brotli copy.</summary>
internal sealed record AdminWebAsset(string Path, string ContentType, byte[] Content, byte[]? Brotli, string ETag);

/// <summary>
/// The admin page's files, embedded in <c>ferryd</c> (logical names <c>adminweb/…</c>, see the project file) and loaded
/// once at start: the page needs no files on disk, no CDN and no build step at run time.
/// </summary>
internal sealed class AdminWebAssets
{
    private const string Prefix = "adminweb/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".txt"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, AdminWebAsset> _assets;

    private AdminWebAssets(FrozenDictionary<string, AdminWebAsset> assets) => _assets = assets;

    public int Count => _assets.Count;

    public static AdminWebAssets Load()
    {
        Assembly assembly = typeof(AdminWebAssets).Assembly;
        var assets = new Dictionary<string, AdminWebAsset>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            string path = name[Prefix.Length..];
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] content = buffer.ToArray();
            string contentType = ContentTypes.GetValueOrDefault(System.IO.Path.GetExtension(path), "application/octet-stream");
            assets[path] = new AdminWebAsset(path, contentType, content, Compress(content, contentType), ETagOf(content));
        }

        return new AdminWebAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The file at a path below <c>/admin/</c>; the empty path is the page itself.</summary>
    public AdminWebAsset? Find(string? path) =>
        _assets.GetValueOrDefault(string.IsNullOrEmpty(path) ? "index.html" : path);

    /// <summary>A strong validator: the content's hash, so it changes exactly when a new binary ships a changed file.</summary>
    private static string ETagOf(byte[] content) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16)) + "\"";

    /// <summary>Text compresses well and is served often; images are already compressed. Only kept when it pays.</summary>
    private static byte[]? Compress(byte[] content, string contentType)
    {
        if (!contentType.StartsWith("text/", StringComparison.Ordinal) && contentType != "image/svg+xml")
        {
            return null;
        }

        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            brotli.Write(content);
        }

        return output.Length < content.Length * 9 / 10 ? output.ToArray() : null;
    }
}
