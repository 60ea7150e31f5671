namespace Ferry.Client.Receiving;

/// <summary>
/// One entry in the queue between the sync worker and the application's reader. A message, or a sync cursor that
/// may be stored once every message queued before it has been consumed (so a restart never skips unread messages).
/// </summary>
internal readonly record struct Delivery(MessageEvent? Message, bool Visible, ulong SyncVersion)
{
    public static Delivery Of(MessageEvent message, bool visible) => new(message, visible, 0);

    public static Delivery Cursor(ulong syncVersion) => new(null, false, syncVersion);
}
