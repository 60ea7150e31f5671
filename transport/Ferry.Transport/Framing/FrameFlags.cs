namespace Ferry.Transport.Framing;

/// <summary>Bits of the frame header's flags byte. Undefined bits must be zero.</summary>
[Flags]
public enum FrameFlags : byte
{
    None = 0,

    /// <summary>The payload is Brotli-compressed; the uncompressed size still obeys the maximum frame size.</summary>
    Brotli = 1,

    Defined = Brotli,
}
