using Ferry.Appliance.Enterprise;
using Ferry.Testing;

namespace Ferry.Appliance.Tests.Enterprise;

/// <summary>Logos are recognised by their magic bytes; the declared type must agree; size is bounded.</summary>
public sealed class LogoImageTests
{
    [Theory]
    [InlineData("image/png")]
    [InlineData("IMAGE/PNG")]
    [InlineData("image/png; charset=binary")]
    public void A_png_declared_as_png_is_accepted(string declared)
    {
        (string? type, string? problem) = LogoImage.Check(TestImages.Png, declared);
        Assert.Null(problem);
        Assert.Equal("image/png", type);
    }

    [Fact]
    public void A_jpeg_declared_as_jpeg_is_accepted()
    {
        Assert.Equal(("image/jpeg", (string?)null), LogoImage.Check(TestImages.Jpeg, "image/jpeg"));
    }

    [Fact]
    public void The_bytes_decide_not_the_declared_type()
    {
        Assert.Contains("declared image/png but the bytes are a JPEG image", LogoImage.Check(TestImages.Jpeg, "image/png").Problem, StringComparison.Ordinal);
        Assert.Contains("declared image/jpeg but the bytes are a PNG image", LogoImage.Check(TestImages.Png, "image/jpeg").Problem, StringComparison.Ordinal);
        Assert.Contains("not a PNG or JPEG", LogoImage.Check(TestImages.Gif, "image/png").Problem, StringComparison.Ordinal);
        Assert.Contains("not a PNG or JPEG", LogoImage.Check("<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray(), "image/png").Problem, StringComparison.Ordinal);

        // The PNG signature alone, without the IHDR chunk that must follow it, is not a PNG.
        Assert.Contains("not a PNG or JPEG", LogoImage.Check(TestImages.Png.AsSpan(0, 20), "image/png").Problem, StringComparison.Ordinal);
        Assert.Null(LogoImage.Detect([0xFF, 0xD8]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("image/gif")]
    [InlineData("application/octet-stream")]
    [InlineData("not a media type")]
    public void Other_declared_types_are_refused(string? declared)
    {
        Assert.Contains("Content-Type image/png or image/jpeg", LogoImage.Check(TestImages.Png, declared).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_oversized_images_are_refused()
    {
        Assert.Contains("empty", LogoImage.Check([], "image/png").Problem, StringComparison.Ordinal);
        Assert.Null(LogoImage.Check(TestImages.PngOfSize(LogoImage.MaxBytes), "image/png").Problem);
        Assert.Contains("at most 262144 bytes", LogoImage.Check(TestImages.PngOfSize(LogoImage.MaxBytes + 1), "image/png").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stored_logo_carries_its_sha256_and_etag()
    {
        var logo = new EnterpriseLogo("image/png", TestImages.Png);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TestImages.Png)), logo.Sha256);
        Assert.Equal($"\"{logo.Sha256}\"", logo.ETag);
    }
}
