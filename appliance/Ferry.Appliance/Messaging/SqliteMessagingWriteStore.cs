using Ferry.Appliance.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Messaging;

/// <summary>
/// The writer's own connection, with its statements prepared once and reused for every batch:
/// the hot path of a send is one INSERT, plus one UPDATE per conversation per batch.
/// </summary>
internal sealed class SqliteMessagingWriteStore : IMessagingWriteStore
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertMessage;
    private readonly SqliteCommand _findByClientId;
    private readonly SqliteCommand _updateConversation;
    private readonly SqliteCommand _loadConversation;
    private readonly SqliteCommand _findDirect;
    private readonly SqliteCommand _insertConversation;
    private readonly SqliteCommand _insertMember;
    private readonly SqliteCommand _readSeq;
    private readonly SqliteCommand _setReadSeq;
    private SqliteTransaction? _transaction;

    public SqliteMessagingWriteStore(SqliteDatabase database)
    {
        _connection = database.OpenWriter();
        _insertMessage = Prepare(
            "INSERT INTO messages(id, conversation_id, seq, sender_id, sender_device, client_msg_id, kind, body, created_ms) VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8) ON CONFLICT(sender_id, client_msg_id) DO NOTHING",
            9);
        _findByClientId = Prepare($"SELECT {SqliteMessagingStore.SelectMessageColumns} FROM messages WHERE sender_id = $p0 AND client_msg_id = $p1", 2);
        _updateConversation = Prepare("UPDATE conversations SET last_seq = $p1, version = $p2, updated_ms = $p3 WHERE id = $p0", 4);
        _loadConversation = Prepare("SELECT id, kind, member_low, member_high, last_seq FROM conversations WHERE id = $p0", 1);
        _findDirect = Prepare("SELECT id, kind, member_low, member_high, last_seq FROM conversations WHERE kind = 1 AND member_low = $p0 AND member_high = $p1", 2);
        _insertConversation = Prepare("INSERT INTO conversations(id, kind, member_low, member_high, last_seq, version, created_ms, updated_ms) VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p6)", 7);
        _insertMember = Prepare("INSERT INTO conversation_members(account_id, conversation_id, read_seq, version, joined_ms) VALUES($p0, $p1, 0, $p2, $p3)", 4);
        _readSeq = Prepare("SELECT read_seq FROM conversation_members WHERE account_id = $p0 AND conversation_id = $p1", 2);
        _setReadSeq = Prepare("UPDATE conversation_members SET read_seq = $p2, version = $p3 WHERE account_id = $p0 AND conversation_id = $p1", 4);
    }

    public void Begin()
    {
        // IMMEDIATE: take the write lock now, not at the first write, so a batch never fails half-way on SQLITE_BUSY.
        _transaction = _connection.BeginTransaction(deferred: false);
        foreach (SqliteCommand command in Commands())
        {
            command.Transaction = _transaction;
        }
    }

    public void Commit()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        if (_transaction is null)
        {
            return;
        }

        try
        {
            _transaction.Rollback();
        }
        finally
        {
            _transaction.Dispose();
            _transaction = null;
        }
    }

    public ConversationHead? LoadConversation(long conversationId) => ReadHead(Run(_loadConversation, conversationId));

    public ConversationHead? FindDirect(long memberLow, long memberHigh) => ReadHead(Run(_findDirect, memberLow, memberHigh));

    public void CreateConversation(ConversationHead head, long version, long nowMs)
    {
        Run(_insertConversation, head.Id, (int)head.Kind, head.MemberLow, head.MemberHigh, head.LastSeq, version, nowMs).ExecuteNonQuery();
        Run(_insertMember, head.MemberLow, head.Id, version, nowMs).ExecuteNonQuery();
        if (head.MemberHigh != head.MemberLow)
        {
            Run(_insertMember, head.MemberHigh, head.Id, version, nowMs).ExecuteNonQuery();
        }
    }

    public bool TryInsertMessage(StoredMessage m) =>
        Run(_insertMessage, m.Id, m.ConversationId, m.Seq, m.SenderId, m.SenderDevice, m.ClientMessageId, m.Kind, m.Body, m.CreatedMs).ExecuteNonQuery() == 1;

    public StoredMessage? FindByClientId(long senderId, string clientMessageId)
    {
        using SqliteDataReader reader = Run(_findByClientId, senderId, clientMessageId).ExecuteReader();
        return reader.Read() ? SqliteMessagingStore.ReadMessage(reader) : null;
    }

    public void UpdateConversation(long conversationId, long lastSeq, long version, long nowMs) =>
        Run(_updateConversation, conversationId, lastSeq, version, nowMs).ExecuteNonQuery();

    public long? ReadSeq(long accountId, long conversationId) => Run(_readSeq, accountId, conversationId).ExecuteScalar() is long seq ? seq : null;

    public void SetReadSeq(long accountId, long conversationId, long readSeq, long version) =>
        Run(_setReadSeq, accountId, conversationId, readSeq, version).ExecuteNonQuery();

    public void Dispose()
    {
        Rollback();
        foreach (SqliteCommand command in Commands())
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private static ConversationHead? ReadHead(SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new ConversationHead(reader.GetInt64(0), (ConversationKind)reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    private static SqliteCommand Run(SqliteCommand command, params object[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command;
    }

    private SqliteCommand Prepare(string sql, int parameterCount)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        for (int i = 0; i < parameterCount; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
        }

        return command;
    }

    private SqliteCommand[] Commands() =>
        [_insertMessage, _findByClientId, _updateConversation, _loadConversation, _findDirect, _insertConversation, _insertMember, _readSeq, _setReadSeq];
}
