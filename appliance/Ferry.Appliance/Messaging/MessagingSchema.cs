using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Messaging;

/// <summary>
/// Tables owned by messaging. A message is stored once per conversation, keyed by (conversation, seq).
/// Sync reads max(conversation version, membership version): new messages bump the conversation once, however many
/// members it has, and read cursors bump only the reader's membership.
/// </summary>
internal sealed class MessagingSchema : ISchemaOwner
{
    public IEnumerable<Migration> Migrations =>
    [
        new("messaging", 1, "conversations, memberships and messages", """
            CREATE TABLE conversations(
                id INTEGER PRIMARY KEY,
                kind INTEGER NOT NULL,
                member_low INTEGER,
                member_high INTEGER,
                last_seq INTEGER NOT NULL DEFAULT 0,
                version INTEGER NOT NULL,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL);
            CREATE UNIQUE INDEX conversations_direct ON conversations(member_low, member_high) WHERE kind = 1;
            CREATE TABLE conversation_members(
                account_id INTEGER NOT NULL,
                conversation_id INTEGER NOT NULL REFERENCES conversations(id),
                read_seq INTEGER NOT NULL DEFAULT 0,
                version INTEGER NOT NULL,
                joined_ms INTEGER NOT NULL,
                PRIMARY KEY(account_id, conversation_id)) WITHOUT ROWID;
            CREATE INDEX members_by_conversation ON conversation_members(conversation_id, account_id);
            CREATE TABLE messages(
                conversation_id INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                id INTEGER NOT NULL,
                sender_id INTEGER NOT NULL,
                sender_device TEXT NOT NULL,
                client_msg_id TEXT NOT NULL,
                kind INTEGER NOT NULL,
                body TEXT NOT NULL,
                created_ms INTEGER NOT NULL,
                PRIMARY KEY(conversation_id, seq)) WITHOUT ROWID;
            CREATE UNIQUE INDEX messages_by_client_id ON messages(sender_id, client_msg_id);
            """),
    ];
}
