namespace Ferry.Testing;

/// <summary>Small images for logo tests.</summary>
public static class TestImages
{
    /// <summary>A valid 1×1 RGBA PNG (signature, IHDR, IDAT, IEND with correct CRCs), 68 bytes.</summary>
    public static byte[] Png { get; } = Convert.FromHexString(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082");

    /// <summary>
    /// Bytes that start as a JPEG/JFIF file does (SOI, an APP0 JFIF segment) and end with EOI. ferryd recognises logos
    /// by their magic bytes and does not decode them, so this stands in for a photo.
    /// </summary>
    public static byte[] Jpeg { get; } = Convert.FromHexString(
        "ffd8ffe000104a46494600010100000100010000ffd9");

    /// <summary>A GIF header: a real image format ferryd does not accept as a logo.</summary>
    public static byte[] Gif { get; } = "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;"u8.ToArray();

    /// <summary>A PNG of <paramref name="size"/> bytes: the valid PNG's chunks, then padding after IEND.</summary>
    public static byte[] PngOfSize(int size)
    {
        byte[] data = new byte[size];
        Png.CopyTo(data, 0);
        return data;
    }
}
