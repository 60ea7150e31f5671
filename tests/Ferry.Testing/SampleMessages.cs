using Ferry.Transport.Contracts;

namespace Ferry.Testing;

/// <summary>Typical payloads of a 1:1 chat, shared by the codec tests and the codec benchmarks.</summary>
public static class SampleMessages
{
    public const string ShortText = "Sure, 3pm works. I'll bring the printed slides for the review.";

    public static SendRequest TextSend(string text = ShortText) => new()
    {
        ClientMessageId = "6f1c1f8e-8e55-4c4c-9a57-2f3c6b1d0a11",
        PeerAccount = "alice",
        Kind = MessageKind.MessageText,
        Text = text,
    };

    public static ChangeNotice NoticeWithMessage(string text = ShortText) => new()
    {
        ConversationId = 42,
        LastSeq = 1001,
        Version = 900_001,
        Message = new Message
        {
            Id = 123_456_789,
            ConversationId = 42,
            Seq = 1001,
            SenderId = 7,
            Sender = "bob",
            SenderDevice = "bob-laptop",
            Recipient = "alice",
            TimeMs = 1_732_240_000_000,
            Kind = MessageKind.MessageText,
            Text = text,
            ClientMessageId = "0b8e2c57-3d1f-4a8e-b1f5-6a0e9d2c4f70",
        },
    };

    /// <summary>Business prose of the given length: compressible the way real long messages are.</summary>
    public static string Prose(int length)
    {
        string[] sentences =
        [
            "The quarterly report is attached; please review the figures before Thursday's meeting. ",
            "Marketing asked whether the launch date can move to the second week of March. ",
            "I have updated the budget sheet with the travel costs from the Berlin visit. ",
            "Could you confirm the room booking and send the dial-in details to the partners? ",
            "Legal still needs the signed NDA before we share the roadmap. ",
        ];
        var text = new System.Text.StringBuilder(length + 100);
        for (int i = 0; text.Length < length; i++)
        {
            text.Append(sentences[(i * 7 + i / 5) % sentences.Length]);
        }

        return text.ToString(0, length);
    }
}
