using Ferry.Appliance.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Messaging;

internal sealed class SqliteMessagingStore(SqliteDatabase database) : IMessagingStore
{
    // unread: others' messages after the read cursor; an index range scan on the message primary key.
    private const string MembershipSelect = """
        SELECT c.id, c.kind, CASE WHEN c.member_low = m.account_id THEN c.member_high ELSE c.member_low END,
               c.last_seq, m.read_seq,
               (SELECT count(*) FROM messages x WHERE x.conversation_id = c.id AND x.seq > m.read_seq AND x.sender_id <> m.account_id),
               c.updated_ms, max(c.version, m.version) AS v
        FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
        """;

    private const string MessageColumns = "id, conversation_id, seq, sender_id, sender_device, client_msg_id, kind, body, created_ms";

    public IReadOnlyList<MembershipState> ChangedSince(long accountId, long sinceVersion, int limit)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command(
            MembershipSelect + " WHERE m.account_id = $p0 AND max(c.version, m.version) > $p1 ORDER BY v LIMIT $p2",
            accountId, sinceVersion, limit);
        return ReadMemberships(query);
    }

    public MembershipState? Membership(long accountId, long conversationId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command(MembershipSelect + " WHERE m.account_id = $p0 AND m.conversation_id = $p1", accountId, conversationId);
        IReadOnlyList<MembershipState> found = ReadMemberships(query);
        return found.Count == 0 ? null : found[0];
    }

    public IReadOnlyList<StoredMessage> Messages(long conversationId, long afterSeq, long beforeSeq, int limit, bool newest)
    {
        using SqliteConnection connection = database.Open();
        string order = newest ? "DESC" : "ASC";
        using SqliteCommand query = connection.Command(
            $"SELECT {MessageColumns} FROM messages WHERE conversation_id = $p0 AND seq > $p1 AND seq < $p2 ORDER BY seq {order} LIMIT $p3",
            conversationId, afterSeq, beforeSeq, limit);
        using SqliteDataReader reader = query.ExecuteReader();
        var messages = new List<StoredMessage>();
        while (reader.Read())
        {
            messages.Add(ReadMessage(reader));
        }

        if (newest)
        {
            messages.Reverse();
        }

        return messages;
    }

    public IReadOnlyList<(long PeerId, long LastActiveMs)> RecentDirectPeers(long accountId, int limit)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command("""
            SELECT CASE WHEN c.member_low = m.account_id THEN c.member_high ELSE c.member_low END AS peer, c.updated_ms
            FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.account_id = $p0 AND c.kind = 1 AND c.last_seq > 0 AND c.member_low <> c.member_high
            ORDER BY c.updated_ms DESC, c.id DESC LIMIT $p1
            """, accountId, limit);
        using SqliteDataReader reader = query.ExecuteReader();
        var peers = new List<(long, long)>();
        while (reader.Read())
        {
            peers.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return peers;
    }

    public long MaxVersion()
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command(
            "SELECT max(coalesce((SELECT max(version) FROM conversations), 0), coalesce((SELECT max(version) FROM conversation_members), 0))");
        return (long)query.ExecuteScalar()!;
    }

    internal static StoredMessage ReadMessage(SqliteDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4),
        reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetInt64(8));

    internal const string SelectMessageColumns = MessageColumns;

    private static List<MembershipState> ReadMemberships(SqliteCommand query)
    {
        using SqliteDataReader reader = query.ExecuteReader();
        var states = new List<MembershipState>();
        while (reader.Read())
        {
            states.Add(new MembershipState(
                reader.GetInt64(0), (ConversationKind)reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }

        return states;
    }
}
