#include "storage/Schema.h"

namespace Handoff::Schema {

// Times are milliseconds since the epoch (UTC); booleans are 0/1 integers; a NULL
// sender is the Unassigned pool. %PK% becomes the dialect's auto-numbered key.
QStringList migration(int version)
{
    switch (version) {
    case 1:
        return {
            QStringLiteral("CREATE TABLE senders ("
                           " id %PK%,"
                           " name TEXT NOT NULL UNIQUE,"
                           " email TEXT NOT NULL DEFAULT '',"
                           " created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE campaigns ("
                           " id %PK%,"
                           " name TEXT NOT NULL UNIQUE,"
                           " archived INTEGER NOT NULL DEFAULT 0,"
                           " created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE campaign_senders ("
                           " campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
                           " sender_id BIGINT NOT NULL REFERENCES senders(id),"
                           " sweeper INTEGER NOT NULL DEFAULT 0,"
                           " added_at BIGINT NOT NULL,"
                           " PRIMARY KEY (campaign_id, sender_id))"),
            QStringLiteral("CREATE TABLE contacts ("
                           " id %PK%,"
                           " campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
                           " phone TEXT NOT NULL,"
                           " first_name TEXT NOT NULL DEFAULT '',"
                           " last_name TEXT NOT NULL DEFAULT '',"
                           " zip TEXT NOT NULL DEFAULT '',"
                           " custom_fields TEXT NOT NULL DEFAULT '{}',"
                           " UNIQUE (campaign_id, phone))"),
            QStringLiteral("CREATE TABLE conversations ("
                           " id %PK%,"
                           " campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
                           " contact_id BIGINT NOT NULL UNIQUE REFERENCES contacts(id),"
                           " sender_id BIGINT REFERENCES senders(id),"
                           " status INTEGER NOT NULL DEFAULT 0,"
                           " opted_out INTEGER NOT NULL DEFAULT 0,"
                           " started INTEGER NOT NULL DEFAULT 0,"
                           " last_inbound INTEGER NOT NULL DEFAULT 0,"
                           " last_message TEXT NOT NULL DEFAULT '',"
                           " last_activity BIGINT NOT NULL,"
                           " created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE messages ("
                           " id %PK%,"
                           " conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
                           " direction INTEGER NOT NULL,"
                           " body TEXT NOT NULL,"
                           " at BIGINT NOT NULL,"
                           " sender_id BIGINT REFERENCES senders(id))"),
            QStringLiteral("CREATE INDEX messages_by_conversation ON messages (conversation_id, at)"),
            QStringLiteral("CREATE TABLE actions ("
                           " id %PK%,"
                           " campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
                           " actor TEXT NOT NULL,"
                           " at BIGINT NOT NULL,"
                           " scope TEXT NOT NULL,"
                           " action TEXT NOT NULL,"
                           " status_filter TEXT NOT NULL,"
                           " source_sender_id BIGINT,"
                           " requested INTEGER NOT NULL,"
                           " moved INTEGER NOT NULL DEFAULT 0,"
                           " per_target TEXT NOT NULL DEFAULT '[]',"
                           " skipped_status INTEGER NOT NULL DEFAULT 0,"
                           " skipped_moved INTEGER NOT NULL DEFAULT 0,"
                           " skipped_gone INTEGER NOT NULL DEFAULT 0,"
                           " undoes BIGINT REFERENCES actions(id),"
                           " undone_by BIGINT REFERENCES actions(id))"),
            QStringLiteral("CREATE TABLE action_moves ("
                           " action_id BIGINT NOT NULL REFERENCES actions(id),"
                           " conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
                           " from_sender_id BIGINT,"
                           " to_sender_id BIGINT,"
                           " PRIMARY KEY (action_id, conversation_id))"),
        };
    case 2:
        // Per-sender counts and "longest waiting first" selection answered from indexes,
        // not from a scan of the campaign.
        return {
            QStringLiteral("CREATE INDEX conversations_by_sender"
                           " ON conversations (campaign_id, sender_id, status, last_activity, id)"),
            QStringLiteral("CREATE INDEX conversations_by_status"
                           " ON conversations (campaign_id, status, last_activity, id)"),
            QStringLiteral("CREATE INDEX actions_by_campaign ON actions (campaign_id, id)"),
        };
    case 3:
        // The conversation table's first screen for the whole campaign, in its default
        // order (longest waiting first), straight from an index instead of a sort of a
        // million rows. (One sender's merges the per-status ranges of
        // conversations_by_sender: an index by sender and activity would cost every
        // reassign a second index entry to move.) The dialect parts add the counts.
        return {
            QStringLiteral("CREATE INDEX conversations_by_activity ON conversations (campaign_id, last_activity, id)"),
        };
    case 5:
        // Holds, and a note with every action. Few conversations are ever held: the
        // partial index finds them (to count what an action leaves out) without a scan.
        return {
            QStringLiteral("ALTER TABLE conversations ADD COLUMN held INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE conversations ADD COLUMN hold_note TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE conversations ADD COLUMN held_at BIGINT"),
            QStringLiteral("ALTER TABLE conversations ADD COLUMN held_by TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE INDEX conversations_held ON conversations (campaign_id, sender_id, status, last_activity)"
                           " WHERE held <> 0"),
            QStringLiteral("ALTER TABLE actions ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE actions ADD COLUMN skipped_held INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE actions ADD COLUMN left_by_cap INTEGER NOT NULL DEFAULT 0"),
            // Presence: 0 on shift, 1 away, 2 done for today (the order of core/Presence.h).
            // When a sender last texted is each sender's newest outbound message: the index
            // by sender and time answers it with a short walk back from the newest, instead
            // of a scan of the campaign's messages (docs/architecture.md, "Last texted").
            QStringLiteral("ALTER TABLE campaign_senders ADD COLUMN presence INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX messages_by_sender ON messages (sender_id, direction, at)"),
            // The provider's own id of a message (Twilio's Sid), when its file had one: a
            // message imported again, from the same file or an overlapping later export, is
            // found and not recorded twice. Messages without one (NULL) never collide.
            QStringLiteral("ALTER TABLE messages ADD COLUMN provider_id TEXT"),
            QStringLiteral("CREATE UNIQUE INDEX messages_by_provider_id ON messages (conversation_id, provider_id)"),
        };
    case 6:
        // A campaign's sweep rules, in the order a sweep runs them (positions 1..n).
        // targets: the named senders' ids, comma-separated, in the order chosen.
        return {
            QStringLiteral("CREATE TABLE sweep_rules ("
                           " id %PK%,"
                           " campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
                           " position INTEGER NOT NULL,"
                           " name TEXT NOT NULL,"
                           " enabled INTEGER NOT NULL DEFAULT 1,"
                           " status TEXT NOT NULL,"
                           " min_wait_s BIGINT NOT NULL DEFAULT 0,"
                           " from_kind TEXT NOT NULL,"
                           " idle_s BIGINT NOT NULL DEFAULT 0,"
                           " to_kind TEXT NOT NULL,"
                           " targets TEXT NOT NULL DEFAULT '',"
                           " balance INTEGER NOT NULL DEFAULT 0,"
                           " cap INTEGER NOT NULL DEFAULT 0,"
                           " max_per_run INTEGER NOT NULL DEFAULT 0,"
                           " last_fired_at BIGINT,"
                           " last_moved INTEGER NOT NULL DEFAULT 0,"
                           " UNIQUE (campaign_id, name))"),
        };
    case 7:
        // A sender's texting number (E.164), which message logs name as From or
        // user_number: an outbound message whose file names no sender is attributed by it.
        // A number belongs to at most one sender; senders without one (NULL) never collide.
        // A message the provider could not deliver (failed) is kept, shown in its thread,
        // and left out of every status, count and time: no text got through.
        return {
            QStringLiteral("ALTER TABLE senders ADD COLUMN texting_number TEXT"),
            QStringLiteral("CREATE UNIQUE INDEX senders_by_texting_number ON senders (texting_number)"),
            QStringLiteral("ALTER TABLE messages ADD COLUMN failed INTEGER NOT NULL DEFAULT 0"),
        };
    default:
        return {};
    }
}

namespace {
// How many conversations each sender (0: Unassigned) of each campaign holds in each
// status, so that the sender list and the dialogs' counts never scan a campaign.
// Filled from the conversations that exist; triggers keep it exact after that,
// whoever writes.
const QString CountsBackfill = QStringLiteral(
    "INSERT INTO conversation_counts (campaign_id, sender_id, status, n)"
    " SELECT campaign_id, COALESCE(sender_id, 0), status, COUNT(*) FROM conversations"
    " GROUP BY campaign_id, COALESCE(sender_id, 0), status");
} // namespace

namespace {
// Schema 7: what the Pulse tab reads instead of the messages (docs/architecture.md, "The
// Pulse series"). pulse_hours: per campaign and whole UTC hour, the sums of what each
// conversation adds to the series (core/Pulse.h, hourlyPart); SQLite keeps one row per
// hour, PostgreSQL appends deltas (no lock between concurrent writers) that PulseStore
// folds together now and then. pulse_waits: each counted reply wait (answered_at NULL
// while it waits), replaced for a conversation whenever its messages or opt-out change.
QStringList pulseSchema(bool postgres)
{
    QStringList statements{
        QStringLiteral("CREATE TABLE pulse_hours ("
                       " campaign_id BIGINT NOT NULL,"
                       " hour BIGINT NOT NULL,"
                       " messages BIGINT NOT NULL,"
                       " first_texts BIGINT NOT NULL,"
                       " replies BIGINT NOT NULL,"
                       " waits_from BIGINT NOT NULL,"
                       " waits_answered BIGINT NOT NULL,"
                       " waits_open BIGINT NOT NULL,"
                       " first_at BIGINT")
            + (postgres ? QStringLiteral(")") : QStringLiteral(", PRIMARY KEY (campaign_id, hour)) WITHOUT ROWID")),
        QStringLiteral("CREATE TABLE pulse_waits ("
                       " conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
                       " campaign_id BIGINT NOT NULL,"
                       " replied_at BIGINT NOT NULL,"
                       " answered_at BIGINT)"),
        QStringLiteral("CREATE INDEX pulse_waits_by_conversation ON pulse_waits (conversation_id)"),
        QStringLiteral("CREATE INDEX pulse_waits_by_campaign ON pulse_waits (campaign_id, answered_at, replied_at)"),
    };
    if (postgres)
        statements << QStringLiteral("CREATE INDEX pulse_hours_by_campaign ON pulse_hours (campaign_id, hour)");
    return statements + pulseBackfill(false);
}
} // namespace

QStringList pulseBackfill(bool oneCampaign)
{
    // core/Pulse's fold (foldConversation) in SQL, over each conversation's messages by
    // time, then id. A reply wait begins at an inbound message that follows an outbound
    // one (or none) and is answered by the next outbound message; the one still waiting
    // at the end counts unless the conversation opted out. TestPulseStore compares what
    // this gives with a recount from the messages.
    const QString perMessage = QStringLiteral(
        "SELECT c.campaign_id, m.conversation_id, m.id, m.direction, m.at, c.opted_out,"
        " m.at - ((m.at % 3600000) + 3600000) % 3600000 AS hour,"
        " LAG(m.direction) OVER (PARTITION BY m.conversation_id ORDER BY m.at, m.id) AS previous,"
        " SUM(CASE WHEN m.direction = 0 THEN 1 ELSE 0 END)"
        "  OVER (PARTITION BY m.conversation_id ORDER BY m.at, m.id ROWS UNBOUNDED PRECEDING) AS texts_so_far,"
        " SUM(CASE WHEN m.direction = 0 THEN 1 ELSE 0 END) OVER (PARTITION BY m.conversation_id) AS texts,"
        " ROW_NUMBER() OVER (PARTITION BY m.conversation_id ORDER BY m.at DESC, m.id DESC) AS from_end"
        " FROM messages m JOIN conversations c ON c.id = m.conversation_id AND m.failed = 0")
        + (oneCampaign ? QStringLiteral(" WHERE c.campaign_id = ?") : QString());
    const QString arrival = QStringLiteral("direction = 1 AND (previous IS NULL OR previous = 0)");
    return {
        QStringLiteral("INSERT INTO pulse_hours (campaign_id, hour, messages, first_texts, replies, waits_from,"
                       " waits_answered, waits_open, first_at)"
                       " SELECT campaign_id, hour, COUNT(*),"
                       " SUM(CASE WHEN direction = 0 AND texts_so_far = 1 THEN 1 ELSE 0 END),"
                       " SUM(CASE WHEN direction = 1 THEN 1 ELSE 0 END),"
                       " SUM(CASE WHEN %1 AND (texts > texts_so_far OR opted_out = 0) THEN 1 ELSE 0 END),"
                       " SUM(CASE WHEN direction = 0 AND previous = 1 THEN 1 ELSE 0 END),"
                       " SUM(CASE WHEN %1 AND texts = texts_so_far AND opted_out = 0 THEN 1 ELSE 0 END),"
                       " MIN(at)"
                       " FROM (%2) p GROUP BY campaign_id, hour")
            .arg(arrival, perMessage),
        QStringLiteral("INSERT INTO pulse_waits (conversation_id, campaign_id, replied_at, answered_at)"
                       " SELECT conversation_id, campaign_id, waiting_from, CASE WHEN direction = 0 THEN at END"
                       " FROM (SELECT p.*, MAX(CASE WHEN %1 THEN at END)"
                       "  OVER (PARTITION BY conversation_id ORDER BY at, id ROWS UNBOUNDED PRECEDING) AS waiting_from"
                       "  FROM (%2) p) w"
                       " WHERE (direction = 0 AND previous = 1) OR (from_end = 1 AND direction = 1 AND opted_out = 0)")
            .arg(arrival, perMessage),
    };
}

QStringList sqliteMigration(int version)
{
    switch (version) {
    case 7:
        return pulseSchema(false);
    case 3: {
        // One row per (campaign, sender, status), updated in place: SQLite has one writer
        // at a time, so the rows never contend.
        const QString add = QStringLiteral(
            "INSERT INTO conversation_counts (campaign_id, sender_id, status, n)"
            " VALUES (NEW.campaign_id, COALESCE(NEW.sender_id, 0), NEW.status, 1)"
            " ON CONFLICT (campaign_id, sender_id, status) DO UPDATE SET n = n + 1;");
        const QString remove = QStringLiteral(
            "UPDATE conversation_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id"
            " AND sender_id = COALESCE(OLD.sender_id, 0) AND status = OLD.status;");
        return {
            QStringLiteral("CREATE TABLE conversation_counts ("
                           " campaign_id BIGINT NOT NULL,"
                           " sender_id BIGINT NOT NULL,"
                           " status INTEGER NOT NULL,"
                           " n BIGINT NOT NULL,"
                           " PRIMARY KEY (campaign_id, sender_id, status)) WITHOUT ROWID"),
            CountsBackfill,
            QStringLiteral("CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations BEGIN ") + add
                + QStringLiteral(" END"),
            QStringLiteral("CREATE TRIGGER conversation_counts_update AFTER UPDATE OF campaign_id, sender_id, status"
                           " ON conversations WHEN OLD.campaign_id <> NEW.campaign_id"
                           " OR OLD.sender_id IS NOT NEW.sender_id OR OLD.status <> NEW.status BEGIN ")
                + remove + QLatin1Char(' ') + add + QStringLiteral(" END"),
            QStringLiteral("CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations BEGIN ") + remove
                + QStringLiteral(" END"),
        };
    }
    case 12:
        // Held or not read from the index: a sender's plan walks conversations_by_sender
        // alone (see postgresMigration). The id closes the key, so the order is as before.
        return {
            QStringLiteral("DROP INDEX conversations_by_sender"),
            QStringLiteral("CREATE INDEX conversations_by_sender"
                           " ON conversations (campaign_id, sender_id, status, last_activity, id, held)"),
        };
    default:
        return {};
    }
}

namespace {
// One trigger per statement and table: after a bulk move of a million rows, one
// NOTIFY per campaign it touched, sent when (and only if) the transaction commits.
QStringList notifyTriggers(const QString& table, const QStringList& events)
{
    QStringList statements;
    for (const QString& event : events) {
        const QString rows = event == QLatin1String("DELETE") ? QStringLiteral("OLD TABLE AS old_rows")
                                                               : QStringLiteral("NEW TABLE AS new_rows");
        statements << QStringLiteral("CREATE TRIGGER handoff_notify_%1_%2 AFTER %3 ON %1 REFERENCING %4"
                                     " FOR EACH STATEMENT EXECUTE FUNCTION handoff_notify_campaign_rows()")
                          .arg(table, event.toLower(), event, rows);
    }
    return statements;
}
} // namespace

// A conversation's sender is not among them: it changes with every move, and its
// FOREIGN KEY checks only the rows a move gives to a sender (none for the pool), where a
// statement trigger would run on every move.
const QList<Reference>& bigReferences()
{
    static const QList<Reference> references{
        {QStringLiteral("contacts"), QStringLiteral("campaign_id"), QStringLiteral("campaigns")},
        {QStringLiteral("conversations"), QStringLiteral("campaign_id"), QStringLiteral("campaigns")},
        {QStringLiteral("conversations"), QStringLiteral("contact_id"), QStringLiteral("contacts")},
        {QStringLiteral("messages"), QStringLiteral("conversation_id"), QStringLiteral("conversations")},
        {QStringLiteral("messages"), QStringLiteral("sender_id"), QStringLiteral("senders")},
        {QStringLiteral("action_moves"), QStringLiteral("action_id"), QStringLiteral("actions")},
        {QStringLiteral("action_moves"), QStringLiteral("conversation_id"), QStringLiteral("conversations")},
        {QStringLiteral("pulse_waits"), QStringLiteral("conversation_id"), QStringLiteral("conversations")},
    };
    return references;
}

namespace {
QStringList childrenOf(const QString& parent, QList<Reference>* references)
{
    QStringList children;
    for (const Reference& reference : bigReferences()) {
        if (reference.parent != parent)
            continue;
        references->append(reference);
        if (!children.contains(reference.child))
            children << reference.child;
    }
    // Every parent-side check locks in the same (name) order.
    children.sort();
    return children;
}

// A key whose parent is a campaign or a sender names the same few rows on every row a
// statement writes (an import of a million contacts names one campaign): schema 10
// probes such a parent once per distinct key instead of once per row.
// Schema 12 adds the action a history row belongs to: one action writes thousands of
// moves, and each was probed alone.
enum class Repeating { None, CampaignsAndSenders, AndActions };

bool keysRepeat(const Reference& reference, Repeating repeating)
{
    switch (repeating) {
    case Repeating::None:
        return false;
    case Repeating::CampaignsAndSenders:
        return reference.parent == QLatin1String("campaigns") || reference.parent == QLatin1String("senders");
    case Repeating::AndActions:
        return keysRepeat(reference, Repeating::CampaignsAndSenders) || reference.parent == QLatin1String("actions");
    }
    return false;
}

QString missingParent(const Reference& reference, Repeating repeating)
{
    if (keysRepeat(reference, repeating)) {
        return QStringLiteral(
                   "  SELECT k.key INTO missing FROM (SELECT DISTINCT n.%1 AS key FROM new_rows n"
                   "   WHERE n.%1 IS NOT NULL) k"
                   "   WHERE NOT EXISTS (SELECT 1 FROM %2 p WHERE p.id = k.key OFFSET 0) LIMIT 1;"
                   "  IF FOUND THEN"
                   "   RAISE EXCEPTION 'insert or update on table \"%3\": %1 % is not present in table \"%2\"', missing"
                   "    USING ERRCODE = 'foreign_key_violation', TABLE = '%3', COLUMN = '%1';"
                   "  END IF;")
            .arg(reference.column, reference.parent, reference.child);
    }
    const QString check =
        QStringLiteral("  SELECT n.%1 INTO missing FROM new_rows n WHERE n.%1 IS NOT NULL"
                       "   AND NOT EXISTS (SELECT 1 FROM %2 p WHERE p.id = n.%1 OFFSET 0) LIMIT 1;"
                       "  IF FOUND THEN"
                       "   RAISE EXCEPTION 'insert or update on table \"%3\": %1 % is not present in table \"%2\"', missing"
                       "    USING ERRCODE = 'foreign_key_violation', TABLE = '%3', COLUMN = '%1';"
                       "  END IF;")
            .arg(reference.column, reference.parent, reference.child);
    // Schema 12: the moves a move statement records name the conversations that same
    // statement has just written, and holds locked (MoveStore::recordOnServer). It says
    // so for its transaction, and their probes, two row versions each, are skipped: a
    // third of the history's cost. Any other writer of the history is checked.
    if (repeating == Repeating::AndActions && reference.child == QLatin1String("action_moves")
        && reference.parent == QLatin1String("conversations"))
        return QStringLiteral("  IF current_setting('%1', true) IS DISTINCT FROM 'on' THEN").arg(QLatin1String(HistoryFromUpdate))
            + check + QStringLiteral("  END IF;");
    return check;
}

// Under REPEATABLE READ or SERIALIZABLE the check's snapshot is the transaction's: a
// parent deleted by a transaction that committed since would still be seen. Locking the
// parents, as PostgreSQL's own check does, makes it raise a serialization failure then.
QString lockParentsUnlessReadCommitted(const QList<Reference>& references)
{
    QString sql = QStringLiteral("  IF current_setting('transaction_isolation') <> 'read committed' THEN");
    for (const Reference& reference : references)
        sql += QStringLiteral("   PERFORM 1 FROM %2 p WHERE p.id IN (SELECT %1 FROM new_rows) FOR KEY SHARE OF p;")
                   .arg(reference.column, reference.parent);
    return sql + QStringLiteral("  END IF;");
}

QList<Reference> referencesOf(const QString& child)
{
    QList<Reference> references;
    for (const Reference& reference : bigReferences()) {
        if (reference.child == child)
            references << reference;
    }
    return references;
}

// The child side of a table's references: one anti-join per key and statement, over
// the rows the statement wrote.
QString childCheck(const QString& child, const QList<Reference>& references, Repeating repeating)
{
    QString body = QStringLiteral("CREATE %2FUNCTION handoff_check_%1_references() RETURNS trigger LANGUAGE plpgsql"
                                  " AS $$ DECLARE missing bigint; BEGIN")
                       .arg(child, repeating != Repeating::None ? QStringLiteral("OR REPLACE ") : QString());
    QString insertChecks = lockParentsUnlessReadCommitted(references);
    for (const Reference& reference : references)
        insertChecks += missingParent(reference, repeating);
    body += insertChecks;
    return body + QStringLiteral("  RETURN NULL; END $$");
}

// Schema 10: the same checks, a campaign or sender probed once per distinct key.
// Schema 10 (campaigns and senders) and 12 (actions too): the checks of every child
// table with a key that repeats now and did not before, written again. A table's
// function checks all its references.
QStringList repeatedKeysCheckedOnce(Repeating repeating, Repeating before)
{
    QStringList statements;
    QStringList children;
    for (const Reference& reference : bigReferences()) {
        if (keysRepeat(reference, repeating) && !keysRepeat(reference, before) && !children.contains(reference.child))
            children << reference.child;
    }
    for (const QString& child : std::as_const(children))
        statements << childCheck(child, referencesOf(child), repeating);
    return statements;
}

QStringList referenceChecks()
{
    QStringList statements;
    // Drop the constraints by the names the server gave them.
    QStringList pairs;
    for (const Reference& reference : bigReferences())
        pairs << QStringLiteral("('%1', '%2', '%3')").arg(reference.child, reference.column, reference.parent);
    statements << QStringLiteral(
                      "DO $$ DECLARE r record; BEGIN"
                      " FOR r IN SELECT c.conrelid::regclass AS child, c.conname FROM pg_constraint c"
                      "  JOIN (VALUES %1) k (child, col, parent)"
                      "   ON c.conrelid = k.child::regclass AND c.confrelid = k.parent::regclass"
                      "  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                      "  WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = k.col"
                      " LOOP"
                      "  EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.child, r.conname);"
                      " END LOOP;"
                      " END $$")
                      .arg(pairs.join(QStringLiteral(", ")));

    // Child side, a key that changes on a row of its own: its parent must exist.
    statements << QStringLiteral(
        "CREATE FUNCTION handoff_check_reference_row() RETURNS trigger LANGUAGE plpgsql AS $$"
        " DECLARE key bigint := (to_jsonb(NEW) ->> TG_ARGV[0])::bigint; found_parent boolean;"
        " BEGIN"
        "  IF key IS NULL THEN RETURN NULL; END IF;"
        "  IF current_setting('transaction_isolation') = 'read committed' THEN"
        "   EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1)', TG_ARGV[1]) INTO found_parent USING key;"
        "  ELSE"
        "   EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1 FOR KEY SHARE)', TG_ARGV[1])"
        "    INTO found_parent USING key;"
        "  END IF;"
        "  IF NOT found_parent THEN"
        "   RAISE EXCEPTION 'insert or update on table \"%\": % % is not present in table \"%\"',"
        "    TG_TABLE_NAME, TG_ARGV[0], key, TG_ARGV[1]"
        "    USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, COLUMN = TG_ARGV[0];"
        "  END IF;"
        "  RETURN NULL;"
        " END $$");
    QStringList children;
    for (const Reference& reference : bigReferences()) {
        if (!children.contains(reference.child))
            children << reference.child;
    }
    for (const QString& child : std::as_const(children)) {
        const QList<Reference> references = referencesOf(child);
        statements << childCheck(child, references, Repeating::None);
        statements << QStringLiteral("CREATE TRIGGER handoff_check_%1_references_insert AFTER INSERT ON %1"
                                     " REFERENCING NEW TABLE AS new_rows"
                                     " FOR EACH STATEMENT EXECUTE FUNCTION handoff_check_%1_references()")
                          .arg(child);
        // The keys never change in Handoff: a row trigger fires only for a statement that
        // assigns one, and calls its check only for a row whose key changed. (PostgreSQL
        // allows no column list on a trigger with transition tables.)
        for (const Reference& reference : std::as_const(references)) {
            statements << QStringLiteral("CREATE TRIGGER handoff_check_%1_%2_update AFTER UPDATE OF %2 ON %1"
                                         " FOR EACH ROW WHEN (NEW.%2 IS DISTINCT FROM OLD.%2)"
                                         " EXECUTE FUNCTION handoff_check_reference_row('%2', '%3')")
                              .arg(child, reference.column, reference.parent);
        }
    }

    // Parent side: rows that go away (DELETE, TRUNCATE, a changed id) must not be
    // referenced. LOCK … IN SHARE MODE waits for every transaction that is writing the
    // child table to commit, and holds off new writers until this one ends; the check
    // that follows reads with a new snapshot (READ COMMITTED takes one per statement),
    // which sees every child row written before. Inserters never take this lock, so they
    // do not wait for each other.
    QStringList parents;
    for (const Reference& reference : bigReferences()) {
        if (!parents.contains(reference.parent))
            parents << reference.parent;
    }
    for (const QString& parent : std::as_const(parents)) {
        QList<Reference> references;
        const QStringList children = childrenOf(parent, &references);
        QString deleted;
        QString rowChanged;
        QString truncated;
        for (const Reference& reference : std::as_const(references)) {
            const QString refuse = QStringLiteral(
                                       "   RAISE EXCEPTION 'update or delete on table \"%1\": id % is still referenced"
                                       " from table \"%2\" (%3)', gone"
                                       "    USING ERRCODE = 'foreign_key_violation', TABLE = '%2', COLUMN = '%3';")
                                       .arg(parent, reference.child, reference.column);
            deleted += QStringLiteral("   SELECT r.id INTO gone FROM removed_rows r"
                                      "    WHERE EXISTS (SELECT 1 FROM %1 c WHERE c.%2 = r.id) LIMIT 1;"
                                      "   IF FOUND THEN")
                           .arg(reference.child, reference.column)
                + refuse + QStringLiteral("   END IF;");
            rowChanged += QStringLiteral("   IF EXISTS (SELECT 1 FROM %1 c WHERE c.%2 = gone) THEN")
                              .arg(reference.child, reference.column)
                + refuse + QStringLiteral("   END IF;");
            truncated += QStringLiteral("   SELECT c.%2 INTO gone FROM %1 c WHERE c.%2 IS NOT NULL LIMIT 1;"
                                        "   IF FOUND THEN")
                             .arg(reference.child, reference.column)
                + refuse + QStringLiteral("   END IF;");
        }
        statements << QStringLiteral(
                          "CREATE FUNCTION handoff_check_%1_unreferenced() RETURNS trigger LANGUAGE plpgsql AS $$"
                          " DECLARE gone bigint;"
                          " BEGIN"
                          "  IF TG_OP = 'DELETE' THEN"
                          "   IF NOT EXISTS (SELECT 1 FROM removed_rows) THEN RETURN NULL; END IF;"
                          "  END IF;"
                          // A REPEATABLE READ snapshot could not see a child row committed since it
                          // was taken, lock or no lock.
                          "  IF current_setting('transaction_isolation') <> 'read committed' THEN"
                          "   RAISE EXCEPTION 'rows of table \"%1\" can only be deleted or renumbered under READ"
                          " COMMITTED isolation: their references are checked per statement'"
                          "    USING ERRCODE = 'feature_not_supported';"
                          "  END IF;"
                          "  IF TG_LEVEL = 'ROW' THEN"
                          "   gone := OLD.id;"
                          "   IF EXISTS (SELECT 1 FROM %1 WHERE id = gone) THEN RETURN NULL; END IF;"
                          "  END IF;"
                          "  LOCK TABLE %2 IN SHARE MODE;"
                          "  IF TG_OP = 'DELETE' THEN %3"
                          "  ELSIF TG_OP = 'TRUNCATE' THEN %4"
                          "  ELSE %5"
                          "  END IF;"
                          "  RETURN NULL;"
                          " END $$")
                          .arg(parent, children.join(QStringLiteral(", ")), deleted, truncated, rowChanged);
        statements << QStringLiteral("CREATE TRIGGER handoff_check_%1_delete AFTER DELETE ON %1"
                                     " REFERENCING OLD TABLE AS removed_rows"
                                     " FOR EACH STATEMENT EXECUTE FUNCTION handoff_check_%1_unreferenced()")
                          .arg(parent)
                   << QStringLiteral("CREATE TRIGGER handoff_check_%1_truncate AFTER TRUNCATE ON %1"
                                     " FOR EACH STATEMENT EXECUTE FUNCTION handoff_check_%1_unreferenced()")
                          .arg(parent)
                   << QStringLiteral("CREATE TRIGGER handoff_check_%1_renumber AFTER UPDATE OF id ON %1"
                                     " FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id)"
                                     " EXECUTE FUNCTION handoff_check_%1_unreferenced()")
                          .arg(parent);
    }
    return statements;
}
} // namespace

QStringList postgresMigration(int version)
{
    switch (version) {
    case 3:
        // Statement triggers append one delta row per (campaign, sender, status) a
        // statement changed, and never update a row: concurrent writers take no lock on
        // the counts, so they neither wait for each other nor deadlock here. Readers sum
        // the deltas; CampaignStore folds them together again now and then.
        return {
            QStringLiteral("CREATE TABLE conversation_counts ("
                           " campaign_id BIGINT NOT NULL,"
                           " sender_id BIGINT NOT NULL,"
                           " status INTEGER NOT NULL,"
                           " n BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX conversation_counts_by_campaign ON conversation_counts (campaign_id)"),
            CountsBackfill,
            QStringLiteral("CREATE FUNCTION handoff_count_conversations() RETURNS trigger LANGUAGE plpgsql AS $$"
                           " BEGIN"
                           "  IF TG_OP = 'INSERT' THEN"
                           "   INSERT INTO conversation_counts (campaign_id, sender_id, status, n)"
                           "    SELECT campaign_id, COALESCE(sender_id, 0), status, COUNT(*) FROM added_rows"
                           "    GROUP BY campaign_id, COALESCE(sender_id, 0), status;"
                           "  ELSIF TG_OP = 'DELETE' THEN"
                           "   INSERT INTO conversation_counts (campaign_id, sender_id, status, n)"
                           "    SELECT campaign_id, COALESCE(sender_id, 0), status, -COUNT(*) FROM removed_rows"
                           "    GROUP BY campaign_id, COALESCE(sender_id, 0), status;"
                           "  ELSE"
                           "   INSERT INTO conversation_counts (campaign_id, sender_id, status, n)"
                           "    SELECT d.campaign_id, d.sender_id, d.status, SUM(d.n) FROM ("
                           "     SELECT campaign_id, COALESCE(sender_id, 0) AS sender_id, status, 1 AS n FROM changed_rows"
                           "     UNION ALL"
                           "     SELECT campaign_id, COALESCE(sender_id, 0), status, -1 FROM previous_rows) d"
                           "    GROUP BY d.campaign_id, d.sender_id, d.status HAVING SUM(d.n) <> 0;"
                           "  END IF;"
                           "  RETURN NULL;"
                           " END $$"),
            QStringLiteral("CREATE TRIGGER handoff_count_conversations_insert AFTER INSERT ON conversations"
                           " REFERENCING NEW TABLE AS added_rows"
                           " FOR EACH STATEMENT EXECUTE FUNCTION handoff_count_conversations()"),
            QStringLiteral("CREATE TRIGGER handoff_count_conversations_update AFTER UPDATE ON conversations"
                           " REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows"
                           " FOR EACH STATEMENT EXECUTE FUNCTION handoff_count_conversations()"),
            QStringLiteral("CREATE TRIGGER handoff_count_conversations_delete AFTER DELETE ON conversations"
                           " REFERENCING OLD TABLE AS removed_rows"
                           " FOR EACH STATEMENT EXECUTE FUNCTION handoff_count_conversations()"),
        };
    case 4: {
        // Every open window LISTENs on handoff_campaign; the payload is the campaign id.
        // Triggers rather than calls in each store: a texting backend writing with its
        // own SQL is announced too.
        QStringList statements{
            QStringLiteral("CREATE FUNCTION handoff_notify_campaign_rows() RETURNS trigger LANGUAGE plpgsql AS $$"
                           " BEGIN"
                           "  IF TG_OP = 'DELETE' THEN"
                           "   PERFORM pg_notify('handoff_campaign', changed.campaign_id::text)"
                           "    FROM (SELECT DISTINCT campaign_id FROM old_rows) changed;"
                           "  ELSE"
                           "   PERFORM pg_notify('handoff_campaign', changed.campaign_id::text)"
                           "    FROM (SELECT DISTINCT campaign_id FROM new_rows) changed;"
                           "  END IF;"
                           "  RETURN NULL;"
                           " END $$"),
            QStringLiteral("CREATE FUNCTION handoff_notify_campaign() RETURNS trigger LANGUAGE plpgsql AS $$"
                           " BEGIN"
                           "  IF TG_OP = 'DELETE' THEN"
                           "   PERFORM pg_notify('handoff_campaign', OLD.id::text);"
                           "  ELSE"
                           "   PERFORM pg_notify('handoff_campaign', NEW.id::text);"
                           "  END IF;"
                           "  RETURN NULL;"
                           " END $$"),
            QStringLiteral("CREATE TRIGGER handoff_notify_campaigns AFTER INSERT OR UPDATE OR DELETE ON campaigns"
                           " FOR EACH ROW EXECUTE FUNCTION handoff_notify_campaign()"),
        };
        const QStringList all{QStringLiteral("INSERT"), QStringLiteral("UPDATE"), QStringLiteral("DELETE")};
        statements += notifyTriggers(QStringLiteral("conversations"), all);
        statements += notifyTriggers(QStringLiteral("campaign_senders"), all);
        statements += notifyTriggers(QStringLiteral("actions"), {QStringLiteral("INSERT"), QStringLiteral("UPDATE")});
        statements += notifyTriggers(QStringLiteral("contacts"), {QStringLiteral("UPDATE")});
        return statements;
    }
    case 6:
        // Another manager's window shows a rule added, changed or fired.
        return notifyTriggers(QStringLiteral("sweep_rules"),
                              {QStringLiteral("INSERT"), QStringLiteral("UPDATE"), QStringLiteral("DELETE")});
    case 7: {
        // A sender's texting number is the roster's, not a campaign's: every campaign the
        // sender texts in is told, so that its managers' windows show the new number.
        QStringList statements = pulseSchema(true);
        statements << QStringLiteral(
            "CREATE FUNCTION handoff_notify_sender_rows() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN"
            "  PERFORM pg_notify('handoff_campaign', changed.campaign_id::text)"
            "   FROM (SELECT DISTINCT cs.campaign_id FROM new_rows n"
            "         JOIN campaign_senders cs ON cs.sender_id = n.id) changed;"
            "  RETURN NULL;"
            " END $$")
                   << QStringLiteral("CREATE TRIGGER handoff_notify_senders_update AFTER UPDATE ON senders"
                                     " REFERENCING NEW TABLE AS new_rows"
                                     " FOR EACH STATEMENT EXECUTE FUNCTION handoff_notify_sender_rows()");
        return statements;
    }
    case 8:
        return referenceChecks();
    case 9:
        // A plan reads its targets' counts alone (CampaignStore::openWork): by campaign
        // and sender, not the campaign's every delta row. SQLite's key already is.
        return {
            QStringLiteral("CREATE INDEX conversation_counts_by_sender ON conversation_counts (campaign_id, sender_id)"),
            QStringLiteral("DROP INDEX conversation_counts_by_campaign"),
        };
    case 10:
        return repeatedKeysCheckedOnce(Repeating::CampaignsAndSenders, Repeating::None);
    case 11:
        // Which sender a conversation is with and its status go together (the pool is
        // mostly Not Started), which the planner's per-column statistics cannot know: it
        // took a million-conversation campaign's 100,000 unassigned Not Started for
        // 20,041, and read all of them (a bitmap scan of 22,093 pages, then a sort) to
        // give Reassign Some its 10,000 longest waiting, instead of the first 10,000
        // along an index. Their combinations' frequencies correct that. A store with
        // conversations gathers them now; an empty one waits for its first analysis
        // (analysing an empty table would tell the planner it stays empty, and plan a
        // first big import as if it were).
        return {
            QStringLiteral("CREATE STATISTICS conversations_sender_status (mcv) ON campaign_id, sender_id, status"
                           " FROM conversations"),
            QStringLiteral("DO $$ BEGIN IF EXISTS (SELECT 1 FROM conversations) THEN ANALYZE conversations; END IF; END $$"),
        };
    case 12:
        // A sender's plan (Unassign All, Reassign Some, a rule's sweep) leaves held
        // conversations out, and held is the one column it needs that its index did not
        // have: each of the sender's conversations was read from the table, a page each.
        // Held now rides along in the index, and the plan is read from the index alone
        // (its pages all-visible, as autovacuum leaves them): 5,000 of a million in
        // 3.7 ms instead of 39 ms. The move then reads those pages itself, as any update
        // does. Held changes rarely, and never without an index entry already (the held
        // index's predicate names it).
        //
        // The history's check of the action its moves belong to probes that one action
        // once per statement rather than once per move, as schema 10 does for campaigns
        // and senders: 2.5 ms of a 5,000-move action's history, 0.7 ms now.
        return QStringList{
            QStringLiteral("CREATE INDEX conversations_by_sender_held"
                           " ON conversations (campaign_id, sender_id, status, last_activity, id) INCLUDE (held)"),
            QStringLiteral("DROP INDEX conversations_by_sender"),
            QStringLiteral("ALTER INDEX conversations_by_sender_held RENAME TO conversations_by_sender"),
        } + repeatedKeysCheckedOnce(Repeating::AndActions, Repeating::CampaignsAndSenders);
    default:
        return {};
    }
}

} // namespace Handoff::Schema
