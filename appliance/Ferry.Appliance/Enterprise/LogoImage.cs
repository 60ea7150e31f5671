using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Ferry.Appliance.Enterprise;

/// <summary>The enterprise logo as stored: its bytes, what they are, and their SHA-256 (lower-case hex).</summary>
internal sealed class EnterpriseLogo
{
    public EnterpriseLogo(string contentType, byte[] data, string? sha256 = null)
    {
        ContentType = contentType;
        Data = data;
        Sha256 = sha256 ?? Convert.ToHexStringLower(SHA256.HashData(data));
        ETag = "\"" + Sha256 + "\"";
    }

    public string ContentType { get; }

    public byte[] Data { get; }

    public string Sha256 { get; }

    /// <summary>The strong entity tag of the logo endpoint, made once.</summary>
    public string ETag { get; }
}

/// <summary>
/// Checks an uploaded logo. What the bytes are is decided by their magic numbers, never by the declared content type
/// alone: a declared type must name the same format the bytes have.
/// </summary>
internal static class LogoImage
{
    public const int MaxBytes = 256 * 1024;
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    // PNG (ISO/IEC 15948 §5.2): the 8-byte signature, then the IHDR chunk (length 13) first of all chunks.
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Ihdr => "IHDR"u8;

    /// <summary>The format of <paramref name="data"/> (image/png or image/jpeg), or the problem: empty, too big, not an image, type mismatch.</summary>
    public static (string? ContentType, string? Problem) Check(ReadOnlySpan<byte> data, string? declaredContentType)
    {
        if (data.IsEmpty)
        {
            return (null, "the image is empty");
        }

        if (data.Length > MaxBytes)
        {
            return (null, $"the image is {data.Length} bytes; a logo may be at most {MaxBytes} bytes (256 KiB)");
        }

        string? declared = MediaType(declaredContentType);
        if (declared is not (Png or Jpeg))
        {
            return (null, "send the logo as Content-Type image/png or image/jpeg");
        }

        string? detected = Detect(data);
        if (detected is null)
        {
            return (null, "the bytes are not a PNG or JPEG image");
        }

        return detected == declared
            ? (detected, null)
            : (null, $"declared {declared} but the bytes are {(detected == Png ? "a PNG" : "a JPEG")} image");
    }

    /// <summary>image/png or image/jpeg by magic bytes; null for anything else.</summary>
    public static string? Detect(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 8 + 8 + 13 && data.StartsWith(PngSignature)
            && BinaryPrimitives.ReadUInt32BigEndian(data[8..]) == 13 && data.Slice(12, 4).SequenceEqual(Ihdr))
        {
            return Png;
        }

        // JPEG (ITU T.81 / JFIF): SOI marker FF D8 followed by another marker (FF xx).
        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return Jpeg;
        }

        return null;
    }

    private static string? MediaType(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed) && parsed.MediaType.HasValue
            ? parsed.MediaType.Value!.ToLowerInvariant()
            : null;
}
