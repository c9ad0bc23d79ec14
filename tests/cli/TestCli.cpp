#include "CliRun.h"
#include "StoreFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

// handoff-cli as a user runs it: a real process over a SQLite store of its own, with
// exact stdout, stderr and exit codes.
class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void helpListsCommands();
    void versionAndUsageErrors();
    void commandHelp();
    void campaignCreateListArchive();
    void senderAddListRemove();
    void ruleAddListEnableRemove();
    void ruleRefusals();
    void sweepDryRunThenSweep();
    void statsSaysHowLongRepliesWait();
    void sweepWatchStopsOnSigterm();
    void importReportsRejectedLinesAndDealsFairly();
    void importRefusals();
    void importReadsWindows1252AndSaysSo();
    void importAndEventsReadStandardInput();
    void nothingImportedIsAFailure();
    void eventsReportUnknownSenders();
    void namesOverTheLimitAreRefused();
    void eventsChangeStatuses();
    void eventsReadRealFormats_data();
    void eventsReadRealFormats();
    void eventsFormatRefusals();
    void senderTextingNumbers();
    void importSpokeExportAssignsToTexters();
    void statsTable();
    void conversationsFiltered();
    void hostileTextIsShownNotObeyed();
    void reassignSomeFromSender();
    void sendersWithCommasInTheirNames();
    void campaignNamesIgnoreCase();
    void reassignJsonAndDryRun();
    void bulkReassignNeedsReplyToSweepers();
    void reassignAllWithNothingMatching();
    void unassignBySenderAndBulk();
    void moveOneConversation();
    void moveSeveralConversations();
    void senderPresence();
    void historyAndUndo();
    void olderThanNarrowsActionsAndListings();
    void holdLeavesConversationsOut();
    void balanceCapAndNote();
    void newFlagsRefuseBadInput();
    void badInputChangesNothing_data();
    void badInputChangesNothing();
    void storeAndActorFromEnvironment();
    void storeAddressIsReadWholeOrRefused();
    void readingNeverCreatesAStore();
    void aReadOnlyStoreIsReadAndNeverWritten();
    void aFullDiskIsSaidAndReadingGoesOn();
    void aWriterKeptWaitingIsToldWhy();
    void demoHasEveryStatus();
    void backupAndRestore();
    void dailyBackupAfterChangesOnly();
    void restoreRefusesWhatIsNotAStore();
    void checkHolds();
    void checkFindsDriftedCounts();
    void checkFindsRowsWhoseParentIsGone();
    void checkAndRestoreADamagedStore();
    void backupOnPostgresPointsToPgDump();
    void reportPrintsThePulseSeries();
    void reportRefusesBadInput();

private:
    using Run = Handoff::CliRun;

    Run cli(const QStringList& arguments, const QProcessEnvironment& extra = {}, const QByteArray& input = {}) const;
    // The store of this test, then the arguments.
    Run db(const QStringList& arguments) const;
    QString writeFile(const QString& name, const QString& text) const;
    QString writeBytes(const QString& name, const QByteArray& bytes) const;
    // A campaign of 12 contacts over Ana, Ben and Eli (4 each; Cruz and Dee are sweepers
    // with none), then the gateway's messages that give them every status.
    bool seed();
    QString stats() const;
    QString historyJson() const;
    QString storePath() const { return m_dir->filePath("handoff.db"); }
    QString backupsFolder() const { return m_dir->filePath("backups"); }
    QStringList backups() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_url;
};

namespace {
const QString Campaign = QStringLiteral("GOTV November");

const QString Contacts = QStringLiteral("First Name,Last Name,Phone,Zip,Team\n"
                                        "Al,Adams,(415) 230-1001,94110,North\n"
                                        "Bea,Brown,415-230-1002,94111,North\n"
                                        "Cy,Cole,415 230 1003,94112,South\n"
                                        "Bad,Number,12,94113,South\n"
                                        "Di,Diaz,+1 415 230 1004,94114,South\n"
                                        "Ed,Evans,4152301005,94115,West\n"
                                        "Dup,Al,415 230 1001,94116,West\n"
                                        "Fay,Fox,(415) 230-1006,94117,West\n"
                                        "No,Phone,,94118,East\n"
                                        "Gus,Gray,415-230-1007,94119,East\n"
                                        "Hal,Hill,415-230-1008,94120,East\n"
                                        "Ivy,Ito,415-230-1009,94121,North\n"
                                        "Too,Many,415-230-1099,94122,North,extra\n"
                                        "Jo,Jones,415-230-1010,94123,South\n"
                                        "Kim,Kahn,415-230-1011,94124,South\n"
                                        "Lu,Lopez,415-230-1012,94125,South\n");

const QString ImportOutput = QStringLiteral("Imported 12 contacts into campaign \"GOTV November\".\n"
                                            "Dealt out: 4 → Ana Ruiz, 4 → Ben Okafor, 4 → Eli Stone.\n"
                                            "Rejected 4 lines:\n"
                                            "line 5: invalid phone \"12\": too short\n"
                                            "line 8: duplicate of line 2 (+14152301001)\n"
                                            "line 10: no phone number\n"
                                            "line 14: has 6 fields, header has 5\n");

// Older than any import, so that messaged conversations have waited longest.
const QString Events = QStringLiteral(
    R"({"phone":"+14152301001","direction":"out","body":"Hi Al, will you vote on Tuesday?","at":"2024-11-01T10:00:00Z","sender":"Ana Ruiz"}
{"phone":"+14152301001","direction":"in","body":"Yes I will","at":"2024-11-01T10:05:00Z"}
{"phone":"+14152301004","direction":"out","body":"Hi Di, will you vote on Tuesday?","at":"2024-11-01T10:01:00Z","sender":"Ana Ruiz"}
{"phone":"+14152301007","direction":"out","body":"Hi Gus, will you vote on Tuesday?","at":"2024-11-01T10:02:00Z","sender":"Ana Ruiz"}
{"phone":"+14152301007","direction":"in","body":"STOP","at":"2024-11-01T10:03:00Z"}
{"phone":"+14152301002","direction":"out","body":"Hi Bea, will you vote on Tuesday?","at":"2024-11-01T09:00:00Z","sender":"Ben Okafor"}
{"phone":"+14152301002","direction":"in","body":"Who is this?","at":"2024-11-01T09:10:00Z"}
{"phone":"+14152301005","direction":"out","body":"Hi Ed, will you vote on Tuesday?","at":"2024-11-01T09:01:00Z","sender":"Ben Okafor"}
{"phone":"+14152301003","direction":"out","body":"Hi Cy, will you vote on Tuesday?","at":"2024-11-01T08:00:00Z","sender":"Eli Stone"}
{"phone":"+14152301003","direction":"in","body":"Maybe","at":"2024-11-01T08:30:00Z"}
{"phone":"+14152301009","direction":"out","body":"Hi Ivy, will you vote on Tuesday?","at":"2024-11-01T08:05:00Z","sender":"Eli Stone"}
{"phone":"+14152309999","direction":"out","body":"Hi?","at":"2024-11-01T08:06:00Z"}
{"phone":"+14152301010","direction":"sideways","body":"Hi","at":"2024-11-01T08:07:00Z"}
{"phone":"+14152301010","direction":"out","body":"Hi","at":"2024-11-01T08:07:00"}
)");

const QString EventsOutput = QStringLiteral(
    "Recorded 11 messages in campaign \"GOTV November\".\n"
    "Read as Handoff message events (JSON Lines) (recognised from the file).\n"
    "1 contact opted out.\n"
    "1 message is for a phone that is not in the campaign; it was left out (line 12).\n"
    "Rejected 3 lines:\n"
    "line 12: no conversation with +14152309999 in campaign \"GOTV November\"\n"
    "line 13: \"direction\" must be \"in\" or \"out\", not \"sideways\"\n"
    "line 14: \"at\" has no time zone: \"2024-11-01T08:07:00\" (add Z or an offset such as +02:00)\n");

// Who holds what after seed(). Ana: Al needs reply, Di waiting, Gus opted out, Jo not
// started. Ben: Bea needs reply, Ed waiting, Hal and Kim not started. Eli: Cy needs
// reply, Ivy waiting, Fay and Lu not started.
const QString SeededStats = QStringLiteral(
    R"({"campaign":"GOTV November",
        "total":{"total":12,"needs_reply":3,"not_started":5,"waiting":3,"opted_out":1},
        "unassigned":{"total":0,"needs_reply":0,"not_started":0,"waiting":0,"opted_out":0},
        "senders":[
          {"name":"Ana Ruiz","sweeper":false,"total":4,"needs_reply":1,"not_started":1,"waiting":1,"opted_out":1,
           "presence":"on-shift","last_texted":"2024-11-01T10:02:00Z","open":2,"held":0},
          {"name":"Ben Okafor","sweeper":false,"total":4,"needs_reply":1,"not_started":2,"waiting":1,"opted_out":0,
           "presence":"on-shift","last_texted":"2024-11-01T09:01:00Z","open":3,"held":0},
          {"name":"Cruz Lee","sweeper":true,"total":0,"needs_reply":0,"not_started":0,"waiting":0,"opted_out":0,
           "presence":"on-shift","last_texted":null,"open":0,"held":0},
          {"name":"Dee Park","sweeper":true,"total":0,"needs_reply":0,"not_started":0,"waiting":0,"opted_out":0,
           "presence":"on-shift","last_texted":null,"open":0,"held":0},
          {"name":"Eli Stone","sweeper":false,"total":4,"needs_reply":1,"not_started":2,"waiting":1,"opted_out":0,
           "presence":"on-shift","last_texted":"2024-11-01T08:05:00Z","open":3,"held":0}],
        "oldest_needs_reply_at":"2024-11-01T08:30:00Z"})");

const QString Commands = QStringLiteral("demo, campaign, sender, import, events, stats, conversations, reassign, "
                                        "unassign, move, hold, unhold, history, report, undo, rule, sweep, backup, restore, check");

// JSON with its keys in one order and no spaces, so that two documents compare as text.
QString normalized(const QString& json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("not JSON (%1): %2").arg(error.errorString(), json);
    if (doc.isObject()) {
        // stats: how long replies have waited grows with the clock; statsSaysHowLongRepliesWait
        // checks those figures, the comparisons the rest.
        QJsonObject o = doc.object();
        o.remove("needs_reply_wait_p50_s");
        o.remove("needs_reply_wait_p95_s");
        return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    }
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

QJsonValue parsed(const QString& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

// One count of one row of stats --json.
int countOf(const QString& statsJson, const QString& sender, const QString& key)
{
    const QJsonObject stats = parsed(statsJson).toObject();
    if (sender == QLatin1String("unassigned") || sender == QLatin1String("total"))
        return stats.value(sender).toObject().value(key).toInt(-1);
    for (const QJsonValue& s : stats.value(QStringLiteral("senders")).toArray())
        if (s.toObject().value(QStringLiteral("name")).toString() == sender)
            return s.toObject().value(key).toInt(-1);
    return -1;
}

QStringList contactsOf(const QString& conversationsJson)
{
    QStringList names;
    for (const QJsonValue& c : parsed(conversationsJson).toArray())
        names << c.toObject().value(QStringLiteral("contact")).toString();
    return names;
}
} // namespace

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_url = "sqlite://" + m_dir->filePath("handoff.db");
}

void TestCli::cleanup()
{
    m_dir.reset();
}

TestCli::Run TestCli::cli(const QStringList& arguments, const QProcessEnvironment& extra, const QByteArray& input) const
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("HANDOFF_DB");
    env.insert("HANDOFF_ACTOR", "tester");
    env.insert("TZ", "UTC");
    // The user's data folder, should a test forget --db: never the real one.
    env.insert("HOME", m_dir->path());
    env.insert("XDG_DATA_HOME", m_dir->filePath("data"));
    env.insert(extra);
    process.setProcessEnvironment(env);
    process.start(HANDOFF_CLI_PATH, arguments);
    // Standard input is a pipe, written to and closed, as by "cat file | handoff-cli …".
    process.write(input);
    process.closeWriteChannel();
    Run run;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.code = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

TestCli::Run TestCli::db(const QStringList& arguments) const
{
    return cli(QStringList { "--db", m_url } + arguments);
}

QString TestCli::writeFile(const QString& name, const QString& text) const
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(text.toUtf8());
    return path;
}

QString TestCli::writeBytes(const QString& name, const QByteArray& bytes) const
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(bytes);
    return path;
}

bool TestCli::seed()
{
    const QList<QStringList> steps = {
        { "campaign", "create", Campaign },
        { "sender", "add", "--campaign", Campaign, "Ana Ruiz" },
        { "sender", "add", "--campaign", Campaign, "Ben Okafor" },
        { "sender", "add", "--campaign", Campaign, "Cruz Lee", "--sweeper" },
        { "sender", "add", "--campaign", Campaign, "Dee Park", "--sweeper" },
        { "sender", "add", "--campaign", Campaign, "Eli Stone" },
        { "import", "--campaign", Campaign, writeFile("contacts.csv", Contacts), "--deal-to",
            "Ana Ruiz,Ben Okafor,Eli Stone" },
        { "events", "--campaign", Campaign, writeFile("events.jsonl", Events) },
    };
    for (const QStringList& step : steps) {
        const Run run = db(step);
        if (run.code != 0 || !run.err.isEmpty()) {
            qWarning() << step << run.code << run.err;
            return false;
        }
    }
    return normalized(stats()) == normalized(SeededStats);
}

QString TestCli::stats() const
{
    return normalized(db({ "stats", "--campaign", Campaign, "--json" }).out);
}

QString TestCli::historyJson() const
{
    return db({ "history", "--campaign", Campaign, "--json" }).out;
}

QStringList TestCli::backups() const
{
    return QDir(backupsFolder()).entryList(QDir::Files, QDir::Name | QDir::Reversed);
}



void TestCli::helpListsCommands()
{
    const Run run = cli({ "--help" });
    QCOMPARE(run.code, 0);
    QCOMPARE(run.err, QString());
    QVERIFY2(run.out.startsWith("Usage: handoff-cli [--db URL] [--actor NAME] COMMAND [ARGUMENTS]\n"),
        qPrintable(run.out));
    QVERIFY(run.out.contains("  --db <url> "));
    QVERIFY(run.out.contains("  --actor <name> "));
    QVERIFY(run.out.contains("\nCommands:\n  demo           Create a demo campaign and show its counts.\n"));
    for (const QString& command : Commands.split(", "))
        QVERIFY2(run.out.contains(QRegularExpression("\n  " + command + " +[A-Z]")), qPrintable(command));
    QVERIFY(run.out.endsWith("\n\"handoff-cli COMMAND --help\" describes a command.\n"));
    // Help never creates a store.
    QVERIFY(!QFile::exists(m_dir->filePath("data")));
}

void TestCli::versionAndUsageErrors()
{
    QCOMPARE_RUN(cli({ "--version" }), 0, "handoff-cli " HANDOFF_VERSION "\n", "");
    QCOMPARE_RUN(db({}), 2, "", "handoff-cli: No command given; the commands are: " + Commands + ".\n");
    QCOMPARE_RUN(db({ "frobnicate", "--campaign", "x" }), 2, "",
        "handoff-cli: Unknown command \"frobnicate\"; the commands are: " + Commands + ".\n");
    QCOMPARE_RUN(cli({ "--bogus", "stats" }), 2, "", "handoff-cli: Unknown option 'bogus'.\n");
    QCOMPARE_RUN(cli({ "--db" }), 2, "", "handoff-cli: Missing value after '--db'.\n");
    QCOMPARE_RUN(db({ "campaign" }), 2, "",
        "handoff-cli: campaign needs an action; the actions are: create, list, archive, unarchive.\n");
    QCOMPARE_RUN(db({ "sender", "hire", "x" }), 2, "",
        "handoff-cli: Unknown sender action \"hire\"; the actions are: add, list, remove, presence, sweeper, number.\n");
    QCOMPARE_RUN(db({ "campaign", "create" }), 2, "", "handoff-cli: campaign create needs NAME.\n");
    QCOMPARE_RUN(db({ "campaign", "create", "A", "B" }), 2, "", "handoff-cli: Unexpected argument \"B\".\n");
    QCOMPARE_RUN(db({ "stats" }), 2, "", "handoff-cli: stats needs --campaign NAME.\n");
    QCOMPARE_RUN(cli({ "--db", "mysql://x/y", "campaign", "list" }), 1, "",
        "handoff-cli: Unknown store \"mysql://x/y\": use sqlite:///absolute/path.db or "
        "postgresql://user:password@host:port/database.\n");
}

void TestCli::commandHelp()
{
    const Run reassign = cli({ "reassign", "--help" });
    QCOMPARE(reassign.code, 0);
    QVERIFY2(reassign.out.startsWith("Usage: handoff-cli reassign --campaign NAME (--bulk | --from SENDER | "
                                     "--from-unassigned) [--status STATUS]\n"),
        qPrintable(reassign.out));
    for (const char* option : { "--campaign <name>", "--bulk", "--from <sender>", "--from-unassigned",
             "--status <status>", "--count <n>", "--all", "--to <senders>", "--dry-run", "--json" })
        QVERIFY2(reassign.out.contains(QString("\n  ") + option + " "), option);
    QVERIFY(reassign.out.contains("oldest last activity first"));

    const Run group = cli({ "sender", "--help" });
    QCOMPARE(group.code, 0);
    QCOMPARE(group.out.section('\n', 0, 0), QString("Usage: handoff-cli sender ACTION [options]"));
    QVERIFY(group.out.contains("\n  add --campaign C NAME [--sweeper] [--email E] [--number N]  "));
    QVERIFY(group.out.contains("\n  number NAME (NUMBER | none)  "));
    QVERIFY(
        cli({ "sender", "add", "--help" }).out.startsWith("Usage: handoff-cli sender add --campaign C NAME"));
    QVERIFY(cli({ "conversations", "-h" })
                .out.contains("not-started,\n                           waiting, opted-out (default: any)."));
}

void TestCli::campaignCreateListArchive()
{
    QCOMPARE_RUN(
        db({ "campaign", "create", "GOTV November" }), 0, "Created campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(
        db({ "campaign", "create", "  Phone  Bank  " }), 0, "Created campaign \"Phone Bank\".\n", "");
    QCOMPARE_RUN(db({ "campaign", "create", "GOTV November" }), 1, "",
        "handoff-cli: A campaign named \"GOTV November\" already exists.\n");
    QCOMPARE_RUN(db({ "campaign", "list" }), 0,
        "Name           State   Senders  Conversations\n"
        "GOTV November  active        0              0\n"
        "Phone Bank     active        0              0\n",
        "");

    QCOMPARE_RUN(db({ "campaign", "archive", "Phone Bank" }), 0, "Archived campaign \"Phone Bank\".\n", "");
    QCOMPARE_RUN(
        db({ "campaign", "archive", "Phone Bank" }), 0, "Campaign \"Phone Bank\" is already archived.\n", "");
    QCOMPARE_RUN(db({ "campaign", "archive", "Nope" }), 1, "",
        "handoff-cli: There is no campaign named \"Nope\"; the campaigns are \"GOTV November\", "
        "\"Phone Bank\".\n");

    const Run json = db({ "campaign", "list", "--json" });
    QCOMPARE(json.code, 0);
    QJsonArray campaigns = parsed(json.out).toArray();
    QCOMPARE(campaigns.size(), 2);
    for (int i = 0; i < campaigns.size(); ++i) {
        QJsonObject c = campaigns[i].toObject();
        QVERIFY(QDateTime::fromString(c.take("created_at").toString(), Qt::ISODate).isValid());
        campaigns[i] = c;
    }
    QCOMPARE(QJsonDocument(campaigns).toJson(QJsonDocument::Compact),
        normalized(R"([{"name":"GOTV November","archived":false,"senders":0,"conversations":0},
                            {"name":"Phone Bank","archived":true,"senders":0,"conversations":0}])")
            .toUtf8());

    QCOMPARE_RUN(
        db({ "campaign", "unarchive", "Phone Bank" }), 0, "Campaign \"Phone Bank\" is active again.\n", "");
    QCOMPARE(db({ "campaign", "list" }).out.section('\n', 2, 2),
        QString("Phone Bank     active        0              0"));
}

void TestCli::ruleAddListEnableRemove()
{
    QVERIFY(seed());
    QCOMPARE_RUN(db({ "rule", "add", "--campaign", Campaign, "--name", "Replies 30m", "--status", "needs-reply",
                     "--older-than", "30m", "--from-non-sweepers", "--to-sweepers", "--balance" }),
        0, "Added rule 1 \"Replies 30m\" to campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(db({ "rule", "add", "--campaign", Campaign, "--name", "Quiet", "--status", "any", "--older-than",
                     "1h30m", "--from-idle", "20m", "--to", "Dee Park,Cruz Lee", "--cap", "50", "--max-per-run",
                     "10", "--disabled" }),
        0, "Added rule 2 \"Quiet\" to campaign \"GOTV November\", disabled.\n", "");
    QCOMPARE_RUN(db({ "rule", "add", "--campaign", Campaign, "--name", "Done", "--status", "not-started",
                     "--from-away", "--to-unassigned" }),
        0, "Added rule 3 \"Done\" to campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(db({ "rule", "list", "--campaign", Campaign }), 0,
        "#  Name         On   What it does\n"
        "1  Replies 30m  yes  Replies waiting at least 30 min of senders who are not sweepers go to sweepers on "
        "shift, balanced.\n"
        "2  Quiet        no   Conversations waiting at least 1 h 30 min of senders who have not texted for 20 min "
        "go to Dee Park, Cruz Lee (when on shift), at most 50 open each, at most 10 a sweep.\n"
        "3  Done         yes  Untexted contacts of senders who are away or done for today go back to Unassigned.\n",
        "");
    QCOMPARE_RUN(db({ "rule", "enable", "--campaign", Campaign, "Quiet" }), 0, "Enabled rule \"Quiet\".\n", "");
    QCOMPARE_RUN(db({ "rule", "disable", "--campaign", Campaign, "Replies 30m" }), 0,
        "Disabled rule \"Replies 30m\".\n", "");
    QCOMPARE_RUN(db({ "rule", "remove", "--campaign", Campaign, "Done" }), 0, "Removed rule \"Done\".\n", "");
    const QJsonArray rules = QJsonDocument::fromJson(db({ "rule", "list", "--campaign", Campaign, "--json" }).out.toUtf8()).array();
    QCOMPARE(rules.size(), 2);
    QCOMPARE(rules[0]["enabled"].toBool(), false);
    QCOMPARE(rules[1]["name"].toString(), QString("Quiet"));
    QCOMPARE(rules[1]["from"].toString(), QString("idle"));
    QCOMPARE(rules[1]["idle_s"].toInt(), 1200);
    QCOMPARE(rules[1]["older_than_s"].toInt(), 5400);
    QCOMPARE(rules[1]["targets"].toArray(), (QJsonArray{ "Dee Park", "Cruz Lee" }));
    QCOMPARE(rules[1]["cap"].toInt(), 50);
    QCOMPARE(rules[1]["max_per_run"].toInt(), 10);
    QCOMPARE(rules[1]["enabled"].toBool(), true);
    QVERIFY(rules[1]["last_fired_at"].isNull());
}

void TestCli::ruleRefusals()
{
    QVERIFY(seed());
    const QStringList base{ "rule", "add", "--campaign", Campaign, "--name", "R", "--status", "any" };
    QCOMPARE_RUN(db(base + QStringList{ "--older-than", "30x", "--from-all", "--to-sweepers" }), 2, "",
        "handoff-cli: --older-than: \"30x\" is not a duration: \"x\" is not a unit. Write a number followed by s, "
        "m, h or d, or several such as 1h30m.\n");
    QCOMPARE_RUN(db(base + QStringList{ "--older-than", "m30", "--from-all", "--to-sweepers" }), 2, "",
        "handoff-cli: --older-than: \"m30\" is not a duration: a number is missing before \"m\". Write a number "
        "followed by s, m, h or d, or several such as 1h30m.\n");
    QCOMPARE_RUN(db(base + QStringList{ "--from-all", "--from-away", "--to-sweepers" }), 2, "",
        "handoff-cli: Say whose conversations the rule takes: one of --from-all, --from-non-sweepers, "
        "--from-away, --from-idle D, --from-unassigned.\n");
    QCOMPARE_RUN(db(base + QStringList{ "--from-all" }), 2, "",
        "handoff-cli: Say where the rule moves them: one of --to-sweepers, --to-on-shift, --to A[,B...], "
        "--to-unassigned.\n");
    QCOMPARE_RUN(db(base + QStringList{ "--from-unassigned", "--to-unassigned" }), 1, "",
        "handoff-cli: A rule cannot move Unassigned conversations to Unassigned.\n");
    QCOMPARE_RUN(db(base + QStringList{ "--from-all", "--to", "Nobody" }), 1, "",
        "handoff-cli: \"Nobody\" is not a sender of campaign \"GOTV November\".\n");
    QCOMPARE_RUN(db(base + QStringList{ "--from-all", "--to-sweepers", "--cap", "0" }), 2, "",
        "handoff-cli: --cap must be a whole number of at least 1, not \"0\".\n");
    QCOMPARE_RUN(db(base + QStringList{ "--from-all", "--to-unassigned", "--balance" }), 2, "",
        "handoff-cli: --balance and --cap choose among senders; Unassigned takes everything.\n");
    QCOMPARE_RUN(db(base + QStringList{ "--from-all", "--to-sweepers" }), 0,
        "Added rule 1 \"R\" to campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(db(base + QStringList{ "--from-all", "--to-sweepers" }), 1, "",
        "handoff-cli: The campaign already has a rule named \"R\".\n");
    QCOMPARE_RUN(db({ "rule", "enable", "--campaign", Campaign, "Nope" }), 1, "",
        "handoff-cli: Campaign \"GOTV November\" has no rule named \"Nope\".\n");
    QCOMPARE(db({ "campaign", "archive", Campaign }).code, 0);
    QCOMPARE_RUN(db({ "rule", "disable", "--campaign", Campaign, "R" }), 1, "",
        "handoff-cli: Campaign \"GOTV November\" is archived; its rules cannot change.\n");
    QCOMPARE(QJsonDocument::fromJson(db({ "rule", "list", "--campaign", Campaign, "--json" }).out.toUtf8())
                 .array()
                 .size(),
        1);
}

void TestCli::sweepDryRunThenSweep()
{
    QVERIFY(seed());
    QCOMPARE(db({ "rule", "add", "--campaign", Campaign, "--name", "Replies", "--status", "needs-reply", "--older-than",
                 "30m", "--from-non-sweepers", "--to-sweepers" }).code,
        0);
    const QString before = stats();
    QCOMPARE_RUN(db({ "sweep", "--campaign", Campaign, "--dry-run" }), 0,
        "Sweep preview of \"GOTV November\": \"Replies\" would move 3: 2 → Cruz Lee, 1 → Dee Park.\n", "");
    QCOMPARE(stats(), before);
    QCOMPARE_RUN(db({ "sweep", "--all-campaigns" }), 0,
        "Swept \"GOTV November\": \"Replies\" moved 3: 2 → Cruz Lee, 1 → Dee Park.\n", "");
    QCOMPARE(countOf(stats(), "Cruz Lee", "needs_reply"), 2);
    QCOMPARE(countOf(stats(), "Dee Park", "needs_reply"), 1);
    const QJsonArray history = QJsonDocument::fromJson(historyJson().toUtf8()).array();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0]["actor"].toString(), QString("Replies"));
    QCOMPARE(history[0]["note"].toString(), QString("rule"));
    const QJsonArray again = QJsonDocument::fromJson(db({ "sweep", "--campaign", Campaign, "--json" }).out.toUtf8()).array();
    QCOMPARE(again.size(), 1);
    QCOMPARE(again[0]["moved"].toInt(), 0);
    QCOMPARE(again[0]["rules"].toArray()[0].toObject()["rule"].toString(), QString("Replies"));

    QCOMPARE_RUN(db({ "sweep", "--campaign", Campaign, "--all-campaigns" }), 2, "",
        "handoff-cli: Say what to sweep with exactly one of --campaign C or --all-campaigns.\n");
    QCOMPARE_RUN(db({ "sweep", "--campaign", Campaign, "--watch" }), 2, "",
        "handoff-cli: --watch and --every go together: --watch --every 1m.\n");
    QCOMPARE(db({ "sweep", "--campaign", Campaign, "--watch", "--every", "soon" }).code, 2);
    // An archived campaign is never swept.
    QCOMPARE(db({ "campaign", "archive", Campaign }).code, 0);
    QCOMPARE_RUN(db({ "sweep", "--campaign", Campaign }), 0,
        "Did not sweep \"GOTV November\": it is archived\n", "");
}

void TestCli::statsSaysHowLongRepliesWait()
{
    QVERIFY(seed());
    const QJsonObject o = QJsonDocument::fromJson(db({ "stats", "--campaign", Campaign, "--json" }).out.toUtf8()).object();
    const QDateTime oldest = QDateTime::fromString(o["oldest_needs_reply_at"].toString(), Qt::ISODate);
    QVERIFY(oldest.isValid());
    // The oldest of the three replies waiting is the 95th percentile (nearest rank).
    const qint64 expected = oldest.secsTo(QDateTime::currentDateTimeUtc());
    QVERIFY2(qAbs(o["needs_reply_wait_p95_s"].toInteger() - expected) <= 5,
             qPrintable(QString::number(o["needs_reply_wait_p95_s"].toInteger())));
    QVERIFY(o["needs_reply_wait_p50_s"].toInteger() > 0);
    QVERIFY(o["needs_reply_wait_p50_s"].toInteger() <= o["needs_reply_wait_p95_s"].toInteger());
    // With no reply waiting there is no figure.
    QCOMPARE(db({ "unassign", "--campaign", Campaign, "--bulk", "--status", "needs-reply" }).code, 0);
    QCOMPARE(db({ "reassign", "--campaign", Campaign, "--bulk", "--all", "--status", "any", "--to", "Cruz Lee" }).code, 0);
    QCOMPARE(db({ "campaign", "create", "Empty" }).code, 0);
    const QJsonObject empty = QJsonDocument::fromJson(db({ "stats", "--campaign", "Empty", "--json" }).out.toUtf8()).object();
    QVERIFY(empty["needs_reply_wait_p50_s"].isNull());
    QVERIFY(empty["needs_reply_wait_p95_s"].isNull());
}

void TestCli::sweepWatchStopsOnSigterm()
{
    QVERIFY(seed());
    QCOMPARE(db({ "rule", "add", "--campaign", Campaign, "--name", "Replies", "--status", "needs-reply",
                 "--from-non-sweepers", "--to-sweepers", "--max-per-run", "1" }).code,
        0);
    QProcess watch;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("HOME", m_dir->path());
    env.insert("HANDOFF_ACTOR", "tester");
    watch.setProcessEnvironment(env);
    watch.start(HANDOFF_CLI_PATH, { "--db", m_url, "sweep", "--all-campaigns", "--watch", "--every", "1s" });
    QVERIFY(watch.waitForStarted());
    // One reply a sweep, every second: the first three sweeps take all three.
    QTRY_COMPARE_WITH_TIMEOUT(countOf(stats(), "Cruz Lee", "needs_reply") + countOf(stats(), "Dee Park", "needs_reply"),
        3, 20000);
    watch.terminate();
    QVERIFY(watch.waitForFinished(10000));
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch.exitCode(), 0);
    QVERIFY(QString::fromUtf8(watch.readAllStandardError()).endsWith("handoff-cli: stopped watching.\n"));
    QCOMPARE(QJsonDocument::fromJson(historyJson().toUtf8()).array().size(), 3);
}

void TestCli::senderAddListRemove()
{
    QVERIFY(seed());
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", Campaign, "Fay Wong", "--sweeper", "--email",
                     "fay@example.org" }),
        0, "Added \"Fay Wong\" to campaign \"GOTV November\" as a sweeper.\n", "");
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", Campaign, "Ana Ruiz" }), 1, "",
        "handoff-cli: \"Ana Ruiz\" is already a sender of campaign \"GOTV November\".\n");
    // A sender of the roster joins a second campaign under the same name.
    QCOMPARE(db({ "campaign", "create", "Phone Bank" }).code, 0);
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", "Phone Bank", "Ana Ruiz" }), 0,
        "Added \"Ana Ruiz\" to campaign \"Phone Bank\".\n", "");

    QCOMPARE_RUN(db({ "sender", "list", "--campaign", Campaign }), 0,
        "Name        Email            Sweeper  Texting number\n"
        "Ana Ruiz\n"
        "Ben Okafor\n"
        "Cruz Lee                     yes\n"
        "Dee Park                     yes\n"
        "Eli Stone\n"
        "Fay Wong    fay@example.org  yes\n",
        "");
    QCOMPARE(normalized(db({ "sender", "list", "--campaign", "Phone Bank", "--json" }).out),
        normalized(R"([{"name":"Ana Ruiz","email":"","sweeper":false,"number":""}])"));

    QCOMPARE_RUN(db({ "sender", "sweeper", "--campaign", Campaign, "Cruz Lee", "--off" }), 0,
        "\"Cruz Lee\" is no longer a sweeper of campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(db({ "sender", "sweeper", "--campaign", Campaign, "Eli Stone", "--on" }), 0,
        "\"Eli Stone\" is now a sweeper of campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(db({ "sender", "sweeper", "--campaign", Campaign, "Eli Stone" }), 2, "",
        "handoff-cli: Use exactly one of --on or --off.\n");

    QCOMPARE_RUN(db({ "sender", "remove", "--campaign", Campaign, "Ana Ruiz" }), 0,
        "Removed \"Ana Ruiz\" from campaign \"GOTV November\"; 4 conversations went to Unassigned.\n", "");
    QCOMPARE(countOf(stats(), "unassigned", "total"), 4);
    QCOMPARE(countOf(stats(), "Ana Ruiz", "total"), -1);
    QCOMPARE_RUN(db({ "sender", "remove", "--campaign", Campaign, "Ana Ruiz" }), 1, "",
        "handoff-cli: \"Ana Ruiz\" is not a sender of campaign \"GOTV November\".\n");
    QCOMPARE_RUN(db({ "sender", "remove", "--campaign", Campaign, "Fay Wong" }), 0,
        "Removed \"Fay Wong\" from campaign \"GOTV November\"; 0 conversations went to Unassigned.\n", "");

    // Removal is an action of the history, and undo brings Ana back with her conversations.
    QCOMPARE_RUN(db({ "undo", "--campaign", Campaign }), 0,
        "Undid action 2 (Remove Sender by tester).\nMoved 0 conversations.\n", "");
    QCOMPARE_RUN(db({ "undo", "--campaign", Campaign }), 0,
        "Undid action 1 (Remove Sender by tester).\nMoved 4 conversations: 4 → Ana Ruiz.\n", "");
    QCOMPARE(countOf(stats(), "Ana Ruiz", "total"), 4);
}

void TestCli::importReportsRejectedLinesAndDealsFairly()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    for (const char* name : { "Ana Ruiz", "Ben Okafor", "Eli Stone" })
        QCOMPARE(db({ "sender", "add", "--campaign", Campaign, name }).code, 0);
    const QString file = writeFile("contacts.csv", Contacts);
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, file, "--deal-to", "Ana Ruiz,Ben Okafor", "--deal-to",
                     "Eli Stone" }),
        0, ImportOutput, "");
    for (const char* name : { "Ana Ruiz", "Ben Okafor", "Eli Stone" })
        QCOMPARE(countOf(stats(), name, "not_started"), 4);
    // Dealt in turn in file order: Ana has the 1st, 4th, 7th and 10th accepted rows.
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Ana Ruiz", "--json" }).out),
        QStringList({ "Al Adams", "Di Diaz", "Gus Gray", "Jo Jones" }));

    // The same file again: every row is already in the campaign.
    const Run again = db({ "import", "--campaign", Campaign, file, "--json" });
    QCOMPARE(again.code, 0);
    const QJsonObject report = parsed(again.out).toObject();
    QCOMPARE(report.value("imported").toInt(), 0);
    const QJsonArray rejected = report.value("rejected").toArray();
    QCOMPARE(rejected.size(), 16);
    QCOMPARE(normalized(QJsonDocument(rejected[0].toObject()).toJson()),
        normalized(R"({"line":2,"reason":"already in the campaign"})"));

    // Without --deal-to the contacts wait in Unassigned; --region reads local numbers.
    QCOMPARE(db({ "campaign", "create", "London" }).code, 0);
    const QString uk = writeFile("uk.csv", "name,mobile\nPip,07400 123456\nRex,+1 415 230 1001\n");
    QCOMPARE_RUN(db({ "import", "--campaign", "London", uk, "--region", "gb" }), 0,
        "Imported 2 contacts into campaign \"London\".\n", "");
    QCOMPARE(
        normalized(db({ "stats", "--campaign", "London", "--json" }).out), normalized(R"({"campaign":"London",
                 "total":{"total":2,"needs_reply":0,"not_started":2,"waiting":0,"opted_out":0},
                 "unassigned":{"total":2,"needs_reply":0,"not_started":2,"waiting":0,"opted_out":0},
                 "senders":[],"oldest_needs_reply_at":null})"));
    const QJsonArray london = parsed(db({ "conversations", "--campaign", "London", "--json" }).out).toArray();
    QCOMPARE(london.size(), 2);
    QCOMPARE(london[0].toObject().value("phone").toString(), QString("+447400123456"));
}

void TestCli::importRefusals()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    QCOMPARE(db({ "sender", "add", "--campaign", Campaign, "Ana Ruiz" }).code, 0);
    const QString file = writeFile("contacts.csv", Contacts);
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, file, "--deal-to", "Ana Ruiz,Zed" }), 1, "",
        "handoff-cli: \"Zed\" is not a sender of campaign \"GOTV November\".\n");
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, file, "--region", "USA" }), 2, "",
        "handoff-cli: --region must be a two-letter country code such as US, not \"USA\".\n");
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, writeFile("nophone.csv", "name,zip\nAl,94110\n") }),
        1, "",
        "handoff-cli: Nothing was imported: The file has no phone column. Name the column of phone numbers "
        "\"Phone\", \"Cell\" or \"Mobile\", or choose it when importing.\n");
    const QString missing = m_dir->filePath("missing.csv");
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, missing }), 1, "",
        "handoff-cli: Cannot read " + missing + ": No such file or directory\n");
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign }), 2, "", "handoff-cli: import needs FILE.csv.\n");
    QCOMPARE(db({ "campaign", "archive", Campaign }).code, 0);
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, file }), 1, "",
        "handoff-cli: Campaign \"GOTV November\" is archived; no contacts can be added.\n");
    QCOMPARE(countOf(stats(), "total", "total"), 0);
}

void TestCli::importReadsWindows1252AndSaysSo()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    const QString file = writeBytes("excel.csv", "First Name,Phone\nJos\xE9,415-230-1001\nRen\xE9" "e,415-230-1002\n");
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, file }), 0,
        "Imported 2 contacts into campaign \"GOTV November\".\n"
        "The file is not UTF-8 text; it was read as Windows-1252, as spreadsheets save it on Windows.\n",
        "");
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--json" }).out),
        QStringList({ QString::fromUtf8("José"), QString::fromUtf8("Renée") }));

    const Run json = db({ "import", "--campaign", Campaign, writeFile("utf8.csv", "phone\n415-230-1003\n"), "--json" });
    QCOMPARE(json.code, 0);
    QCOMPARE(parsed(json.out).toObject().value("encoding").toString(), QString("UTF-8"));
}

void TestCli::importAndEventsReadStandardInput()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    const auto piped = [this](const QStringList& arguments, const QString& input) {
        return cli(QStringList { "--db", m_url } + arguments, {}, input.toUtf8());
    };
    QCOMPARE_RUN(piped({ "import", "--campaign", Campaign, "-" }, "phone\n415-230-1001\n415-230-1002\n"), 0,
        "Imported 2 contacts into campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(piped({ "import", "--campaign", Campaign, "/dev/stdin" }, "phone\n415-230-1003\n"), 0,
        "Imported 1 contact into campaign \"GOTV November\".\n", "");

    // A pipe was once taken for an empty file: nothing recorded, and success.
    const QString events
        = R"({"phone":"+14152301001","direction":"out","body":"Hi","at":"2024-11-01T10:00:00Z"}
{"phone":"+14152301001","direction":"in","body":"Hello","at":"2024-11-01T10:05:00Z"}
)";
    QCOMPARE_RUN(piped({ "events", "--campaign", Campaign, "/dev/stdin" }, events), 0,
        "Recorded 2 messages in campaign \"GOTV November\".\nRead as Handoff message events (JSON Lines) (recognised from the file).\n"
        "1 outbound message names no sender; it was recorded without one.\n", "");
    QCOMPARE_RUN(piped({ "events", "--campaign", Campaign, "-" },
                     R"({"phone":"+14152301002","direction":"out","body":"Hi","at":"2024-11-01T10:00:00Z"})"),
        0, "Recorded 1 message in campaign \"GOTV November\".\nRead as Handoff message events (JSON Lines) (recognised from the file).\n"
        "1 outbound message names no sender; it was recorded without one.\n", "");
    QCOMPARE(countOf(stats(), "total", "needs_reply"), 1);
    QCOMPARE(countOf(stats(), "total", "waiting"), 1);
}

void TestCli::nothingImportedIsAFailure()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    const QString contacts = writeFile("bad.csv", "name,phone\nAl,12\nBo,\n");
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, contacts }), 1, "",
        "handoff-cli: Nothing was imported into campaign \"GOTV November\".\n"
        "Rejected 2 lines:\n"
        "line 2: invalid phone \"12\": too short\n"
        "line 3: no phone number\n");
    const Run json = db({ "import", "--campaign", Campaign, contacts, "--json" });
    QCOMPARE(json.code, 1);
    QCOMPARE(json.err, QString("handoff-cli: Nothing was imported into campaign \"GOTV November\".\n"));
    QCOMPARE(parsed(json.out).toObject().value("rejected").toArray().size(), 2);

    const QString events = writeFile("bad.jsonl",
        R"({"phone":"+14152301001","direction":"out","body":"Hi","at":"2024-11-01T10:00:00Z"}
{"phone":"+14152301001","direction":"sideways","body":"Hi","at":"2024-11-01T10:00:00Z"}
)");
    QCOMPARE_RUN(db({ "events", "--campaign", Campaign, events }), 1, "",
        "handoff-cli: No message was recorded in campaign \"GOTV November\".\n"
        "Read as Handoff message events (JSON Lines) (recognised from the file).\n"
        "1 message is for a phone that is not in the campaign; it was left out (line 1).\n"
        "Rejected 2 lines:\n"
        "line 1: no conversation with +14152301001 in campaign \"GOTV November\"\n"
        "line 2: \"direction\" must be \"in\" or \"out\", not \"sideways\"\n");
    QCOMPARE(countOf(stats(), "total", "total"), 0);

    // Some in, some out: success, and the rest reported as before.
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, writeFile("some.csv", "phone\n415-230-1001\n12\n") }), 0,
        "Imported 1 contact into campaign \"GOTV November\".\nRejected 1 line:\nline 3: invalid phone \"12\": too short\n",
        "");
    // Everything already there is no failure: the same file may be imported twice.
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, writeFile("again.csv", "phone\n415-230-1001\n") }), 0,
        "Imported 0 contacts into campaign \"GOTV November\".\nRejected 1 line:\nline 2: already in the campaign\n",
        "");
}

void TestCli::eventsReportUnknownSenders()
{
    QVERIFY(seed());
    const QString events = writeFile("more.jsonl",
        R"({"phone":"+14152301010","direction":"out","body":"Hi Jo","at":"2024-11-02T08:00:00Z","sender":"Ana Ruíz"}
{"phone":"+14152301011","direction":"out","body":"Hi Kim","at":"2024-11-02T08:00:00Z","sender":"Ana Ruíz"}
{"phone":"+14152301012","direction":"out","body":"Hi Lu","at":"9999-12-31T23:59:59-12:00","sender":"Eli Stone"}
)");
    QCOMPARE_RUN(db({ "events", "--campaign", Campaign, events }), 0,
        "Recorded 2 messages in campaign \"GOTV November\".\n"
        "Read as Handoff message events (JSON Lines) (recognised from the file).\n"
        "2 messages name \"Ana Ruíz\", who is not on the roster; they were recorded without a sender (lines 1, 2).\n"
        "Rejected 1 line:\n"
        "line 3: \"at\" is more than a day in the future: \"9999-12-31T23:59:59-12:00\"\n",
        "");
    QCOMPARE(countOf(stats(), "total", "not_started"), 3);
}

void TestCli::namesOverTheLimitAreRefused()
{
    QCOMPARE_RUN(db({ "campaign", "create", QString(100000, 'x') }), 1, "",
        "handoff-cli: A campaign's name can be at most 100 characters; this one has 100000.\n");
    QCOMPARE_RUN(db({ "campaign", "create", Campaign }), 0, "Created campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", Campaign, QString(10000, 'y') }), 1, "",
        "handoff-cli: A sender's name can be at most 100 characters; this one has 10000.\n");
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", Campaign, QString("Ana") + QChar(1) }), 1, "",
        "handoff-cli: A sender's name cannot hold control characters such as NUL.\n");
    QCOMPARE(parsed(db({ "campaign", "list", "--json" }).out).toArray().size(), 1);
    QCOMPARE(parsed(db({ "sender", "list", "--campaign", Campaign, "--json" }).out).toArray().size(), 0);
}

void TestCli::eventsChangeStatuses()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    for (const char* name : { "Ana Ruiz", "Ben Okafor", "Eli Stone" })
        QCOMPARE(db({ "sender", "add", "--campaign", Campaign, name }).code, 0);
    for (const char* name : { "Cruz Lee", "Dee Park" })
        QCOMPARE(db({ "sender", "add", "--campaign", Campaign, name, "--sweeper" }).code, 0);
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, writeFile("contacts.csv", Contacts), "--deal-to",
                     "Ana Ruiz,Ben Okafor,Eli Stone" }),
        0, ImportOutput, "");
    QCOMPARE_RUN(
        db({ "events", "--campaign", Campaign, writeFile("events.jsonl", Events) }), 0, EventsOutput, "");
    QCOMPARE(normalized(stats()), normalized(SeededStats));

    // Jo replies to a text; Ivy opts out with a different keyword.
    const QString more = writeFile("more.jsonl",
        R"({"phone":"+14152301010","direction":"out","body":"Hi Jo","at":"2024-11-02T08:00:00Z","sender":"Ana Ruiz"}
{"phone":"+14152301010","direction":"in","body":"Sure!","at":"2024-11-02T08:01:00Z"}
{"phone":"+14152301009","direction":"in","body":"unsubscribe","at":"2024-11-02T08:02:00Z"}
)");
    QCOMPARE_RUN(db({ "events", "--campaign", Campaign, more, "--json" }), 0,
        "{\"already_there\":0,\"by_number\":0,\"duplicates\":0,\"failed\":0,\"format\":\"handoff\",\"format_detected\":true,\"opted_out\":1,"
        "\"recorded\":3,\"rejected\":[],\"unknown_numbers\":[],\"unknown_senders\":[],\"without_sender\":0,"
        "\"zone_less_dates\":0}\n", "");
    const QString after = stats();
    QCOMPARE(countOf(after, "Ana Ruiz", "needs_reply"), 2);
    QCOMPARE(countOf(after, "Ana Ruiz", "not_started"), 0);
    QCOMPARE(countOf(after, "Eli Stone", "waiting"), 0);
    QCOMPARE(countOf(after, "Eli Stone", "opted_out"), 1);
    QCOMPARE(countOf(after, "total", "needs_reply"), 4);
    QCOMPARE(countOf(after, "total", "opted_out"), 2);
}

namespace {
QString eventsData(const char* name)
{
    return QStringLiteral(HANDOFF_TEST_DATA "/events/") + QLatin1String(name);
}
} // namespace

void TestCli::eventsReadRealFormats_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("statuses"); // of +14152300001, …0002, …0003
    const QString recorded = "Recorded %1 messages in campaign \"GOTV November\".\n";
    QTest::newRow("twilio-csv auto") << QStringList { eventsData("twilio-console.csv") }
        << recorded.arg(3) + "Read as Twilio message log (CSV) (recognised from the file).\n"
           "1 outbound message had failed or was undelivered; it was recorded as failed and not counted as sent.\n"
           "1 message appeared twice in the file (same id); it was recorded once.\n"
           "1 message is for a phone that is not in the campaign; it was left out (line 7).\n"
           "3 outbound messages were attributed by the number they were sent from.\n"
           "Rejected 1 line:\n"
           "line 7: no conversation with +14152309999 in campaign \"GOTV November\"\n"
        << "needs-reply not-started waiting";
    QTest::newRow("twilio-csv gz") << QStringList { "--format", "twilio-csv", eventsData("twilio-console.csv.gz") }
        << recorded.arg(3) + "Read as Twilio message log (CSV), compressed.\n"
           "1 outbound message had failed or was undelivered; it was recorded as failed and not counted as sent.\n"
           "1 message appeared twice in the file (same id); it was recorded once.\n"
           "1 message is for a phone that is not in the campaign; it was left out (line 7).\n"
           "3 outbound messages were attributed by the number they were sent from.\n"
           "Rejected 1 line:\n"
           "line 7: no conversation with +14152309999 in campaign \"GOTV November\"\n"
        << "needs-reply not-started waiting";
    QTest::newRow("twilio-json") << QStringList { "--format", "twilio-json", eventsData("twilio-bulk.jsonl") }
        << recorded.arg(3) + "Read as Twilio bulk export (JSON Lines).\n"
           "1 outbound message had failed or was undelivered; it was recorded as failed and not counted as sent.\n"
           "3 outbound messages were attributed by the number they were sent from.\n"
           "Rejected 1 line:\n"
           "line 5: \"date_sent\" is not a date and time: \"next Tuesday\"\n"
        << "waiting not-started needs-reply";
    QTest::newRow("spoke") << QStringList { "--format", "spoke", eventsData("spoke-messages.csv") }
        << recorded.arg(3) + "Read as Spoke message export (CSV).\n"
           "1 outbound message had failed or was undelivered; it was recorded as failed and not counted as sent.\n"
           "3 outbound messages were attributed by the number they were sent from.\n"
           "Rejected 1 line:\n"
           "line 6: \"is_from_contact\" must be true or false, not \"maybe\"\n"
        << "needs-reply not-started waiting";
    QTest::newRow("spoke-rewired") << QStringList { "--format", "spoke-rewired", eventsData("spoke-rewired-messages.csv") }
        << recorded.arg(5) + "Read as Spoke Rewired message export (CSV).\n"
           "1 outbound message had failed or was undelivered; it was recorded as failed and not counted as sent.\n"
           "1 message names \"Zed Quinn\", who is not on the roster; it was recorded without a sender (line 5).\n"
        << "waiting waiting waiting";
    QTest::newRow("mapped") << QStringList { "--format", "mapped", "--map",
        "phone=Contact Phone,direction=Type,body=Message,at=Timestamp,sender=Texter Name,id=Message ID",
        "--inbound", "Incoming", "--outbound", "Outgoing", "--timezone", "America/New_York",
        eventsData("thrutext-messages.csv") }
        << recorded.arg(3) + "Read as Other CSV, by column mapping.\n"
           "3 dates had no time zone; they were read as America/New_York.\n"
           "2 messages name \"Ana\", who is not on the roster; they were recorded without a sender (lines 2, 4).\n"
           "Rejected 3 lines:\n"
           "line 5: \"Type\" must be \"Incoming\" or \"Outgoing\", not \"Reply\"\n"
           "line 6: Phone \"not a phone\" is not a valid number: not a phone number\n"
           "line 7: \"Timestamp\" is not a date and time: \"11/20/2026\"\n"
        << "needs-reply waiting not-started";
}

void TestCli::eventsReadRealFormats()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, output);
    QFETCH(QString, statuses);
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    // Bo texts from the number every log here sends from; logs that name no sender are his.
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", Campaign, "Bo Diaz", "--number", "415-555-0100" }), 0,
        "Added \"Bo Diaz\" to campaign \"GOTV November\".\n\"Bo Diaz\" texts from +14155550100.\n", "");
    QCOMPARE(db({ "import", "--campaign", Campaign, "--deal-to", "Bo Diaz",
                 writeFile("c.csv", "phone\n+14152300001\n+14152300002\n+14152300003\n") }).code, 0);
    QCOMPARE_RUN(db(QStringList { "events", "--campaign", Campaign } + arguments), 0, output, "");
    // The same file again adds nothing; messages with an id are found, and it is no failure.
    const Run again = db(QStringList { "events", "--campaign", Campaign, "--json" } + arguments);
    QCOMPARE(again.code, 0);
    const QJsonObject second = parsed(again.out).toObject();
    if (QString(QTest::currentDataTag()).startsWith("twilio") || QString(QTest::currentDataTag()) == "mapped") {
        QCOMPARE(second.value("recorded").toInt(), 0);
        QVERIFY(second.value("already_there").toInt() > 0);
    }
    const Run list = db({ "conversations", "--campaign", Campaign, "--json" });
    QCOMPARE(list.code, 0);
    QStringList seen;
    const QJsonArray rows = parsed(list.out).toArray();
    for (const char* phone : { "+14152300001", "+14152300002", "+14152300003" })
        for (const QJsonValue& row : rows)
            if (row.toObject().value("phone").toString() == phone)
                seen << row.toObject().value("status").toString();
    QCOMPARE(seen.join(' '), statuses);
}

void TestCli::eventsFormatRefusals()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    QCOMPARE(db({ "import", "--campaign", Campaign, writeFile("c.csv", "phone\n+14152300001\n") }).code, 0);
    const QString thruText = eventsData("thrutext-messages.csv");
    QCOMPARE_RUN(db({ "events", "--campaign", Campaign, thruText }), 1, "",
        "handoff-cli: No message was recorded: The format of the file is not one Handoff knows. Its header "
        "(Message ID, Contact Phone, Type, Message, Timestamp, Texter Name, Campaign) matches no format Handoff "
        "reads; choose \"Other CSV, by column mapping\" and name the columns.\n");
    QCOMPARE_RUN(db({ "events", "--campaign", Campaign, "--format", "mapped", "--map",
                     "phone=Contact Phone,direction=Type,body=Text,at=Timestamp", "--inbound", "Incoming",
                     "--outbound", "Outgoing", thruText }),
        1, "",
        "handoff-cli: No message was recorded: The file has no column \"Text\", which a file of the format Other "
        "CSV, by column mapping needs. Its columns are: Message ID, Contact Phone, Type, Message, Timestamp, Texter "
        "Name, Campaign.\n");
    const Run noValues = db({ "events", "--campaign", Campaign, "--format", "mapped", "--map",
        "phone=Contact Phone,direction=Type,body=Message,at=Timestamp", thruText });
    QCOMPARE(noValues.code, 2);
    QVERIFY2(noValues.err.startsWith("handoff-cli: --format mapped needs --map, --inbound and --outbound: Give the "
                                     "values of the direction column that mean inbound and outbound."),
        qPrintable(noValues.err));
    const Run badField = db({ "events", "--campaign", Campaign, "--format", "mapped", "--map", "colour=Red", thruText });
    QCOMPARE(badField.code, 2);
    QVERIFY2(badField.err.startsWith("handoff-cli: --map: \"colour\" is not a field; the fields are phone, direction, "
                                     "body, at, sender, number, id."),
        qPrintable(badField.err));
    const Run badFormat = db({ "events", "--campaign", Campaign, "--format", "excel", thruText });
    QCOMPARE(badFormat.code, 2);
    QVERIFY2(badFormat.err.startsWith("handoff-cli: --format must be one of auto, handoff, twilio-csv, twilio-json, "
                                      "spoke, spoke-rewired, mapped, not \"excel\"."),
        qPrintable(badFormat.err));
    const Run mapWithoutMapped = db({ "events", "--campaign", Campaign, "--map", "phone=A", thruText });
    QCOMPARE(mapWithoutMapped.code, 2);
    QVERIFY2(mapWithoutMapped.err.startsWith("handoff-cli: --map, --inbound and --outbound go with --format mapped."),
        qPrintable(mapWithoutMapped.err));
    const Run badZone = db({ "events", "--campaign", Campaign, "--timezone", "Mars/Olympus", thruText });
    QCOMPARE(badZone.code, 2);
    QVERIFY2(badZone.err.startsWith("handoff-cli: --timezone: \"Mars/Olympus\" is not a time zone"), qPrintable(badZone.err));
    // A named format whose columns are not there.
    QCOMPARE_RUN(db({ "events", "--campaign", Campaign, "--format", "spoke", eventsData("twilio-console.csv") }), 1, "",
        "handoff-cli: No message was recorded: The file has no column \"contact_number\", \"is_from_contact\", "
        "\"text\", \"attempted_at\", which a file of the format Spoke message export (CSV) needs. Its columns are: "
        "From, To, Body, Status, SentDate, ApiVersion, NumSegments, ErrorCode, AccountSid, Sid, Direction, "
        "Price, PriceUnit.\n");
    QCOMPARE(countOf(stats(), "total", "not_started"), 1);
}

void TestCli::senderTextingNumbers()
{
    QVERIFY(seed());
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", Campaign, "Fay Wong", "--number", "(415) 555-0100" }), 0,
        "Added \"Fay Wong\" to campaign \"GOTV November\".\n\"Fay Wong\" texts from +14155550100.\n", "");
    // A number belongs to one sender; a refused add leaves no one behind.
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", Campaign, "Gus Hale", "--number", "+1 415 555 0100" }), 1, "",
        "handoff-cli: +14155550100 is already the texting number of \"Fay Wong\".\n");
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", Campaign, "Gus Hale", "--number", "12" }), 1, "",
        "handoff-cli: \"12\" is not a texting number: too short.\n");
    QCOMPARE(parsed(db({ "sender", "list", "--campaign", Campaign, "--json" }).out).toArray().size(), 6);

    QCOMPARE_RUN(db({ "sender", "number", "Ana Ruiz", "+14155550101" }), 0,
        "\"Ana Ruiz\" texts from +14155550101.\n", "");
    QCOMPARE_RUN(db({ "sender", "number", "Ben Okafor", "4155550101" }), 1, "",
        "handoff-cli: +14155550101 is already the texting number of \"Ana Ruiz\".\n");
    QCOMPARE_RUN(db({ "sender", "number", "Nobody", "4155550102" }), 1, "",
        "handoff-cli: The roster has no sender named \"Nobody\".\n");
    QCOMPARE_RUN(db({ "sender", "number", "Ana Ruiz" }), 2, "",
        "handoff-cli: sender number needs NUMBER.\n");
    QCOMPARE_RUN(db({ "sender", "list", "--campaign", Campaign }), 0,
        "Name        Email  Sweeper  Texting number\n"
        "Ana Ruiz                    +14155550101\n"
        "Ben Okafor\n"
        "Cruz Lee           yes\n"
        "Dee Park           yes\n"
        "Eli Stone\n"
        "Fay Wong                    +14155550100\n",
        "");
    // Moved: cleared from Ana, given to Ben.
    QCOMPARE_RUN(db({ "sender", "number", "Ana Ruiz", "none" }), 0, "\"Ana Ruiz\" has no texting number now.\n", "");
    QCOMPARE_RUN(db({ "sender", "number", "Ben Okafor", "4155550101" }), 0,
        "\"Ben Okafor\" texts from +14155550101.\n", "");

    // A Twilio log that names no sender: Ben's number tells his texts; an unknown number is said.
    const QString log = writeFile("log.csv",
        "Sid,From,To,Body,Status,Direction,SentDate\n"
        "SM1,+14155550101,+14152301010,Hi Jo,delivered,outbound-api,2024-11-02 08:00:00\n"
        "SM2,+14155550199,+14152301011,Hi Kim,delivered,outbound-api,2024-11-02 08:01:00\n"
        "SM3,+14155550101,+14152301012,Hi Lu,undelivered,outbound-api,2024-11-02 08:02:00\n");
    QCOMPARE_RUN(db({ "events", "--campaign", Campaign, log }), 0,
        "Recorded 2 messages in campaign \"GOTV November\".\n"
        "Read as Twilio message log (CSV) (recognised from the file).\n"
        "1 outbound message had failed or was undelivered; it was recorded as failed and not counted as sent.\n"
        "3 dates had no time zone; they were read as UTC.\n"
        "2 outbound messages were attributed by the number they were sent from.\n"
        "1 outbound message was sent from +14155550199, which is no sender's texting number; it was recorded "
        "without a sender (line 3).\n",
        "");
    const QJsonObject again = parsed(db({ "events", "--campaign", Campaign, log, "--json" }).out).toObject();
    QCOMPARE(again.value("already_there").toInt(), 3);
    QCOMPARE(again.value("recorded").toInt(), 0);

    // Any other CSV names the number a text went out from with number=COLUMN.
    const QString mapped = writeFile("mapped.csv",
        "Ref,Contact,Line,Type,Message,When\n"
        "T1,+14152301011,(415) 555-0101,outgoing,Hi again Kim,2024-11-02 09:00:00\n");
    const Run mappedRun = db({ "events", "--campaign", Campaign, "--format", "mapped", "--map",
        "phone=Contact,direction=Type,body=Message,at=When,number=Line,id=Ref", "--inbound", "incoming", "--outbound",
        "outgoing", mapped });
    QCOMPARE_RUN(mappedRun, 0,
        "Recorded 1 message in campaign \"GOTV November\".\n"
        "Read as Other CSV, by column mapping.\n"
        "1 date had no time zone; it was read as UTC.\n"
        "1 outbound message was attributed by the number it was sent from.\n",
        "");
}

void TestCli::importSpokeExportAssignsToTexters()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    QCOMPARE(db({ "sender", "add", "--campaign", Campaign, "Ana Ruiz", "--email", "ana@example.org" }).code, 0);
    const QString file = QStringLiteral(HANDOFF_TEST_DATA "/contacts/spoke-moveon-contacts.csv");
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, file, "--assign-from-export", "--deal-to", "Ana Ruiz" }), 2, "",
        "handoff-cli: Use --deal-to or --assign-from-export, not both.\n");
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, file, "--assign-from-export" }), 0,
        "Imported 5 contacts into campaign \"GOTV November\".\n"
        "Assigned from the export: 1 → Ana Ruiz, 1 → Ben Okafor, 2 → Cy Lee.\n"
        "1 contact is opted out in the file; it came in opted out.\n"
        "2 texters joined the roster: Ben Okafor, Cy Lee.\n"
        "2 texters joined the campaign: Ben Okafor, Cy Lee.\n"
        "1 contact names no texter; it waits in Unassigned.\n"
        "Rejected 2 lines:\n"
        "line 7: duplicate of line 3 (+14152300002)\n"
        "line 8: invalid phone \"415-230-00\": too short\n",
        "");
    const QString after = stats();
    QCOMPARE(countOf(after, "Ana Ruiz", "total"), 1);
    QCOMPARE(countOf(after, "Ben Okafor", "total"), 1);
    QCOMPARE(countOf(after, "Cy Lee", "total"), 2);
    QCOMPARE(countOf(after, "Cy Lee", "opted_out"), 1);
    QCOMPARE(countOf(after, "unassigned", "total"), 1);
    QCOMPARE(countOf(after, "total", "not_started"), 4);
    // Without the option, an export's texters are only read, never added.
    QCOMPARE(db({ "campaign", "create", "Plain" }).code, 0);
    const QJsonObject plain = parsed(db({ "import", "--campaign", "Plain", "--json",
        QStringLiteral(HANDOFF_TEST_DATA "/contacts/spoke-rewired-contacts.csv") }).out).toObject();
    QCOMPARE(plain.value("imported").toInt(), 3);
    QCOMPARE(plain.value("opted_out").toInt(), 1);
    QCOMPARE(plain.value("joined_roster").toArray().size(), 0);
    QCOMPARE(parsed(db({ "sender", "list", "--campaign", "Plain", "--json" }).out).toArray().size(), 0);
}

void TestCli::statsTable()
{
    QVERIFY(seed());
    QCOMPARE_RUN(db({ "stats", "--campaign", Campaign }), 0,
        "Campaign \"GOTV November\"\n"
        "Sender      Sweeper  Progress  Total  Needs Reply  Not Started  Waiting  Opted Out\n"
        "Unassigned                0/0      0            0            0        0          0\n"
        "Ana Ruiz                  3/4      4            1            1        1          1\n"
        "Ben Okafor                2/4      4            1            2        1          0\n"
        "Cruz Lee    yes           0/0      0            0            0        0          0\n"
        "Dee Park    yes           0/0      0            0            0        0          0\n"
        "Eli Stone                 2/4      4            1            2        1          0\n"
        "Total                    7/12     12            3            5        3          1\n",
        "");
    QCOMPARE_RUN(db({ "stats", "--campaign", "Nope" }), 1, "",
        "handoff-cli: There is no campaign named \"Nope\"; the campaigns are \"GOTV November\".\n");
}

void TestCli::conversationsFiltered()
{
    QVERIFY(seed());
    QCOMPARE_RUN(db({ "conversations", "--campaign", Campaign, "--status", "needs-reply" }), 0,
        "ID  Contact    Phone         Status       Sender      Last Activity     Last Message\n"
        " 3  Cy Cole    +14152301003  Needs Reply  Eli Stone   2024-11-01 08:30  Maybe\n"
        " 2  Bea Brown  +14152301002  Needs Reply  Ben Okafor  2024-11-01 09:10  Who is this?\n"
        " 1  Al Adams   +14152301001  Needs Reply  Ana Ruiz    2024-11-01 10:05  Yes I will\n",
        "");
    QCOMPARE(
        normalized(db({ "conversations", "--campaign", Campaign, "--status", "opted-out", "--json" }).out),
        normalized(
            R"([{"id":7,"contact":"Gus Gray","first_name":"Gus","last_name":"Gray","phone":"+14152301007",
                             "zip":"94119","custom_fields":{"Team":"East"},"status":"opted-out","sender":"Ana Ruiz",
                             "last_activity":"2024-11-01T10:03:00Z","last_message":"STOP","held":false,
                             "hold_note":""}])"));
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Ben Okafor", "--json" }).out),
        QStringList({ "Ed Evans", "Bea Brown", "Hal Hill", "Kim Kahn" }));
    QCOMPARE(contactsOf(db(
                 { "conversations", "--campaign", Campaign, "--status", "waiting", "--limit", "2", "--json" })
                            .out),
        QStringList({ "Ivy Ito", "Ed Evans" }));
    // A phone is searched as the imports read it: written as people write it, or in part.
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--search", "(415) 230-1003", "--json" }).out),
        QStringList({ "Cy Cole" }));
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--search", "+1 415-230-1012", "--json" }).out),
        QStringList({ "Lu Lopez" }));
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--search", "230-100", "--json" }).out).size(),
        9);
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--search", "lo", "--json" }).out),
        QStringList({ "Lu Lopez" }));
    QCOMPARE(db({ "conversations", "--campaign", Campaign, "--unassigned", "--json" }).out, QString("[]\n"));
    QCOMPARE_RUN(db({ "conversations", "--campaign", Campaign, "--unassigned", "--sender", "Ana Ruiz" }), 2,
        "", "handoff-cli: Use either --sender NAME or --unassigned, not both.\n");
    QCOMPARE_RUN(db({ "conversations", "--campaign", Campaign, "--status", "later" }), 2, "",
        "handoff-cli: Unknown status \"later\"; use any, needs-reply, not-started, waiting, opted-out.\n");
}

void TestCli::hostileTextIsShownNotObeyed()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    QCOMPARE(db({ "sender", "add", "--campaign", Campaign, "Ana Ruiz" }).code, 0);
    // A contact file and a gateway's messages from outside: a name that clears the screen,
    // a reply that retitles the terminal, reverses text and sends a C1 escape.
    QCOMPARE(db({ "import", "--campaign", Campaign,
                 writeFile("contacts.csv", "First Name,Last Name,Phone\nAl\x1b[2J,Adams,415-230-1001\n"),
                 "--deal-to", "Ana Ruiz" })
                 .code,
        0);
    const QString reply = QString::fromUtf16(u"\x1b]0;pwned\x07\x1b[2Jbye \u202Eevil\u009b2J");
    const Run events = db({ "events", "--campaign", Campaign,
        writeFile("events.jsonl",
            R"({"phone":"+14152301001","direction":"out","body":"Hi Al","at":"2024-11-01T10:00:00Z","sender":"Ana Ruiz"}
{"phone":"+14152301001","direction":"in","body":"\u001b]0;pwned\u0007\u001b[2Jbye \u202Eevil\u009b2J","at":"2024-11-01T10:05:00Z"}
{"phone":"\u001b[2J","direction":"in","body":"x","at":"2024-11-01T10:06:00Z"}
)") });
    QCOMPARE(events.code, 0);
    // A rejected line quotes what it read, shown and not obeyed.
    QVERIFY2(events.out.contains("\"␛[2J\"") && !events.out.contains('\x1b'), qPrintable(events.out));

    QCOMPARE_RUN(db({ "conversations", "--campaign", Campaign }), 0,
        "ID  Contact       Phone         Status       Sender    Last Activity     Last Message\n"
        " 1  Al␛[2J Adams  +14152301001  Needs Reply  Ana Ruiz  2024-11-01 10:05  ␛]0;pwned␇␛[2Jbye �evil�2J\n",
        "");
    QCOMPARE_RUN(db({ "stats", "--campaign", "GOTV\x1b[2J" }), 1, "",
        "handoff-cli: There is no campaign named \"GOTV␛[2J\"; the campaigns are \"GOTV November\".\n");
    QCOMPARE_RUN(db({ "stats", "--campaign", Campaign, "--json\x1b[2J" }), 2, "",
        "handoff-cli: Unknown option 'json␛[2J'.\n");

    // JSON keeps the text exactly, every control written as an escape.
    const Run json = db({ "conversations", "--campaign", Campaign, "--json" });
    QCOMPARE(json.code, 0);
    QVERIFY2(json.out.contains(R"("last_message":"\u001b]0;pwned\u0007\u001b[2Jbye \u202eevil\u009b2J")"),
        qPrintable(json.out));
    QVERIFY(json.out.contains(R"("first_name":"Al\u001b[2J")"));
    const QJsonObject conversation = parsed(json.out).toArray().first().toObject();
    QCOMPARE(conversation.value("last_message").toString(), reply);
    QCOMPARE(conversation.value("contact").toString(), QString("Al\x1b[2J Adams"));
}

void TestCli::reassignSomeFromSender()
{
    QVERIFY(seed());
    // Ana's conversations, longest waiting first: Di (10:01), Gus (10:03), Al (10:05), Jo (not started).
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Ana Ruiz", "--count", "3", "--to",
                     "Ben Okafor,Cruz Lee" }),
        0, "Moved 3 conversations: 2 → Ben Okafor, 1 → Cruz Lee.\n", "");
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Ben Okafor", "--json" }).out),
        QStringList({ "Ed Evans", "Bea Brown", "Di Diaz", "Al Adams", "Hal Hill", "Kim Kahn" }));
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Cruz Lee", "--json" }).out),
        QStringList({ "Gus Gray" }));
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Ana Ruiz", "--json" }).out),
        QStringList({ "Jo Jones" }));
    const QString after = stats();
    QCOMPARE(countOf(after, "Ana Ruiz", "total"), 1);
    QCOMPARE(countOf(after, "Ben Okafor", "total"), 6);
    QCOMPARE(countOf(after, "Cruz Lee", "opted_out"), 1);
}

void TestCli::sendersWithCommasInTheirNames()
{
    QVERIFY(seed());
    QCOMPARE_RUN(db({ "sender", "add", "--campaign", Campaign, "Ruiz, Ana" }), 0,
        "Added \"Ruiz, Ana\" to campaign \"GOTV November\".\n", "");
    // The option repeated, one name each: a comma inside a name stays in it.
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Ben Okafor", "--status", "not-started",
                     "--all", "--to", "Ruiz, Ana", "--to", "Dee Park" }),
        0, "Moved 2 conversations: 1 → Ruiz, Ana, 1 → Dee Park.\n", "");
    // In a list, in double quotes.
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Eli Stone", "--status", "not-started",
                     "--all", "--to", R"("Ruiz, Ana",Dee Park)" }),
        0, "Moved 2 conversations: 1 → Ruiz, Ana, 1 → Dee Park.\n", "");
    QCOMPARE(countOf(stats(), "Ruiz, Ana", "not_started"), 2);
    // Plain names still go in a comma list, given once or mixed with a repeated option.
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Ruiz, Ana", "--all", "--to",
                     "Cruz Lee,Dee Park", "--to", "Ben Okafor" }),
        0, "Moved 2 conversations: 1 → Cruz Lee, 1 → Dee Park, 0 → Ben Okafor.\n", "");
    // Without quotes a list splits at every comma, and says which name it could not find.
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Cruz Lee", "--all", "--to",
                     "Ruiz, Ana,Dee Park" }),
        1, "", "handoff-cli: \"Ruiz\" is not a sender of campaign \"GOTV November\".\n");

    // Dealing an import out, the same way.
    const QString file = writeFile("more.csv", "First Name,Last Name,Phone\nMo,Moss,415-230-1031\n"
                                               "Ned,Nash,415-230-1032\nOda,Ortiz,415-230-1033\n");
    QCOMPARE_RUN(db({ "import", "--campaign", Campaign, file, "--deal-to", R"("Ruiz, Ana", Eli Stone)",
                     "--deal-to", "Ben Okafor" }),
        0,
        "Imported 3 contacts into campaign \"GOTV November\".\n"
        "Dealt out: 1 → Ruiz, Ana, 1 → Eli Stone, 1 → Ben Okafor.\n",
        "");

    const Run help = cli({ "reassign", "--help" });
    QVERIFY2(help.out.contains("A name with a comma goes in double quotes inside a list, or alone:\n"
                               "  --to '\"Ruiz, Ana\",Ben Okafor'   or   --to \"Ruiz, Ana\" --to \"Ben Okafor\"\n"),
        qPrintable(help.out));
    QVERIFY(cli({ "import", "--help" }).out.contains("--deal-to \"Ruiz, Ana\" --deal-to \"Ben Okafor\""));
}

void TestCli::campaignNamesIgnoreCase()
{
    // A command that changes data creates the store, then finds no campaign in it.
    QCOMPARE_RUN(db({ "undo", "--campaign", "gotv november" }), 1, "",
        "handoff-cli: There is no campaign named \"gotv november\", nor any other yet; create one with "
        "\"handoff-cli campaign create NAME\".\n");
    QVERIFY(seed());
    // One campaign whatever the case: it.
    QCOMPARE(normalized(db({ "stats", "--campaign", "gotv november", "--json" }).out), normalized(SeededStats));
    QCOMPARE_RUN(db({ "move", "--campaign", "GOTV NOVEMBER", "--conversation", "10", "--to", "Eli Stone" }), 0,
        "Moved 1 conversation: 1 → Eli Stone.\n", "");
    // Two that differ only in case: neither, and which they are.
    QCOMPARE(db({ "campaign", "create", "gotv November" }).code, 0);
    QCOMPARE_RUN(db({ "stats", "--campaign", "Gotv november" }), 1, "",
        "handoff-cli: \"Gotv november\" could be any of the campaigns \"GOTV November\", \"gotv November\"; "
        "give the name with its exact case.\n");
    QCOMPARE(db({ "stats", "--campaign", "GOTV November", "--json" }).code, 0);
    QCOMPARE(db({ "campaign", "create", "Phone Bank" }).code, 0);
    QCOMPARE_RUN(db({ "undo", "--campaign", "Phonebank" }), 1, "",
        "handoff-cli: There is no campaign named \"Phonebank\"; the campaigns are \"GOTV November\", "
        "\"gotv November\", \"Phone Bank\".\n");
}

void TestCli::reassignJsonAndDryRun()
{
    QVERIFY(seed());
    const QStringList some = { "reassign", "--campaign", Campaign, "--from", "Ben Okafor", "--status",
        "not-started", "--count", "2", "--to", "Dee Park", "--to", "Cruz Lee" };
    QCOMPARE_RUN(db(some + QStringList { "--dry-run" }), 0,
        "Would move 2 of 2 matching: 1 → Dee Park, 1 → Cruz Lee.\n", "");
    QCOMPARE(normalized(db(some + QStringList { "--dry-run", "--json" }).out),
        normalized(R"({"dry_run":true,"available":2,"would_move":2,
                            "per_target":[{"name":"Dee Park","count":1},{"name":"Cruz Lee","count":1}],
                            "open_work":[{"name":"Dee Park","before":0,"after":1},{"name":"Cruz Lee","before":0,"after":1}],
                            "held_left_out":0,"left_by_cap":0})"));
    QCOMPARE(normalized(stats()), normalized(SeededStats));
    QCOMPARE(historyJson(), QString("[]\n"));

    QCOMPARE(normalized(db(some + QStringList { "--json" }).out), normalized(R"({"action_id":1,"moved":2,
                            "per_target":[{"name":"Dee Park","count":1},{"name":"Cruz Lee","count":1}],
                            "skipped":{"status_changed":0,"moved_elsewhere":0,"sender_gone":0,"held":0},
                            "left_by_cap":0,"held_left_out":0})"));
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Dee Park", "--json" }).out),
        QStringList({ "Hal Hill" }));
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Cruz Lee", "--json" }).out),
        QStringList({ "Kim Kahn" }));
}

void TestCli::bulkReassignNeedsReplyToSweepers()
{
    QVERIFY(seed());
    // Every Needs Reply the sweepers do not hold, longest waiting first: Cy, Bea, Al.
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--status", "needs-reply", "--all",
                     "--to", "Cruz Lee,Dee Park" }),
        0, "Moved 3 conversations: 2 → Cruz Lee, 1 → Dee Park.\n", "");
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Cruz Lee", "--json" }).out),
        QStringList({ "Cy Cole", "Al Adams" }));
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Dee Park", "--json" }).out),
        QStringList({ "Bea Brown" }));
    // Nothing is left for them to take.
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--status", "needs-reply", "--all",
                     "--to", "Cruz Lee,Dee Park" }),
        0, "Moved 0 conversations.\n", "");
    QCOMPARE(countOf(stats(), "total", "needs_reply"), 3);
}

void TestCli::reassignAllWithNothingMatching()
{
    QVERIFY(seed());
    QCOMPARE_RUN(
        db({ "reassign", "--campaign", Campaign, "--from-unassigned", "--all", "--to", "Ben Okafor" }), 0,
        "Moved 0 conversations.\n", "");
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Cruz Lee", "--all", "--to", "Ben Okafor",
                     "--json" }),
        0,
        "{\"action_id\":null,\"held_left_out\":0,\"left_by_cap\":0,\"moved\":0,\"per_target\":[],"
        "\"skipped\":{\"held\":0,\"moved_elsewhere\":0,\"sender_gone\":0,\"status_changed\":0}}\n",
        "");
    QCOMPARE(historyJson(), QString("[]\n"));
    QCOMPARE(normalized(stats()), normalized(SeededStats));
}

void TestCli::unassignBySenderAndBulk()
{
    QVERIFY(seed());
    QCOMPARE_RUN(
        db({ "unassign", "--campaign", Campaign, "--from", "Ben Okafor", "--status", "not-started" }), 0,
        "Moved 2 conversations: 2 → Unassigned.\n", "");
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--unassigned", "--json" }).out),
        QStringList({ "Hal Hill", "Kim Kahn" }));
    QCOMPARE_RUN(db({ "unassign", "--campaign", Campaign, "--bulk", "--status", "needs-reply" }), 0,
        "Moved 3 conversations: 3 → Unassigned.\n", "");
    const QString after = stats();
    QCOMPARE(countOf(after, "unassigned", "total"), 5);
    QCOMPARE(countOf(after, "unassigned", "needs_reply"), 3);
    QCOMPARE(countOf(after, "Ben Okafor", "total"), 1);
    // Status defaults to any.
    QCOMPARE_RUN(db({ "unassign", "--campaign", Campaign, "--from", "Eli Stone" }), 0,
        "Moved 3 conversations: 3 → Unassigned.\n", "");
    QCOMPARE(countOf(stats(), "unassigned", "total"), 8);
    QCOMPARE_RUN(db({ "unassign", "--campaign", Campaign }), 2, "",
        "handoff-cli: Say whose conversations with exactly one of --bulk or --from SENDER.\n");
}

void TestCli::olderThanNarrowsActionsAndListings()
{
    QVERIFY(seed());
    // The gateway's messages are from 2024; the contacts never texted were imported now.
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--older-than", "1d", "--json" }).out),
        QStringList({ "Ivy Ito", "Cy Cole", "Ed Evans", "Bea Brown", "Di Diaz", "Gus Gray", "Al Adams" }));
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--status", "needs-reply", "--older-than",
                            "1h30m", "--json" })
                            .out),
        QStringList({ "Cy Cole", "Bea Brown", "Al Adams" }));
    QCOMPARE_RUN(db({ "unassign", "--campaign", Campaign, "--bulk", "--older-than", "2d", "--dry-run" }), 0,
        "Would move 7 of 7 matching: 7 → Unassigned.\n", "");
    QCOMPARE_RUN(db({ "unassign", "--campaign", Campaign, "--from", "Ben Okafor", "--older-than", "24h" }), 0,
        "Moved 2 conversations: 2 → Unassigned.\n", "");
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--unassigned", "--json" }).out),
        QStringList({ "Ed Evans", "Bea Brown" }));
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--all", "--to", "Dee Park", "--older-than",
                     "1d", "--status", "needs-reply" }),
        0, "Moved 3 conversations: 3 → Dee Park.\n", "");
    // Nothing imported today has waited a day.
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--status", "not-started", "--older-than",
                            "1d", "--json" })
                            .out),
        QStringList());
}

void TestCli::holdLeavesConversationsOut()
{
    QVERIFY(seed());
    // Al Adams (1) and Bea Brown (2) need a reply; they are escalated.
    QCOMPARE_RUN(db({ "hold", "--campaign", Campaign, "--conversation", "1,2", "--note", "escalated" }), 0,
        "Held 2 conversations.\n", "");
    const QJsonArray held
        = QJsonDocument::fromJson(db({ "conversations", "--campaign", Campaign, "--held", "--json" }).out.toUtf8())
              .array();
    QCOMPARE(held.size(), 2);
    QCOMPARE(held[0].toObject().value("contact").toString(), QString("Bea Brown"));
    QCOMPARE(held[0].toObject().value("held").toBool(), true);
    QCOMPARE(held[0].toObject().value("hold_note").toString(), QString("escalated"));
    // stats counts them with the senders who hold them.
    int heldBySenders = 0;
    for (const QString& sender : { "Ana Ruiz", "Ben Okafor", "Eli Stone" })
        heldBySenders += countOf(stats(), sender, "held");
    QCOMPARE(heldBySenders, 2);
    QCOMPARE(countOf(stats(), "Cruz Lee", "held"), 0);
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--not-held", "--status", "needs-reply",
                            "--json" })
                            .out),
        QStringList({ "Cy Cole" }));

    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--status", "needs-reply", "--all", "--to",
                     "Cruz Lee,Dee Park" }),
        0,
        "Moved 1 conversation: 1 → Cruz Lee, 0 → Dee Park.\n"
        "2 held conversations were left out (--include-held moves them).\n",
        "");
    QCOMPARE_RUN(db({ "unassign", "--campaign", Campaign, "--from", "Ana Ruiz", "--status", "needs-reply" }), 0,
        "Moved 0 conversations.\n1 held conversation was left out (--include-held moves it).\n", "");
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--status", "needs-reply", "--all", "--to",
                     "Cruz Lee,Dee Park", "--include-held" }),
        0, "Moved 2 conversations: 1 → Cruz Lee, 1 → Dee Park.\n", "");
    // One conversation moved by hand moves, held or not; it stays held.
    QCOMPARE_RUN(db({ "move", "--campaign", Campaign, "--conversation", "1", "--to", "Ana Ruiz" }), 0,
        "Moved 1 conversation: 1 → Ana Ruiz.\n", "");
    QCOMPARE_RUN(db({ "unhold", "--campaign", Campaign, "--conversation", "1" }), 0, "Released 1 conversation.\n", "");
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--held", "--json" }).out),
        QStringList({ "Bea Brown" }));
    const QJsonObject released
        = QJsonDocument::fromJson(db({ "conversations", "--campaign", Campaign, "--search", "Al Adams", "--json" })
                                      .out.toUtf8())
              .array()[0]
              .toObject();
    QCOMPARE(released.value("held").toBool(), false);
    QCOMPARE(released.value("hold_note").toString(), QString());
}

void TestCli::balanceCapAndNote()
{
    QVERIFY(seed());
    // Ana holds 2 open conversations, Eli 3. Ben's four, longest waiting first: Ed (waiting),
    // Bea (needs reply), Hal and Kim (not started).
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Ben Okafor", "--all", "--to",
                     "Ana Ruiz,Eli Stone", "--balance", "--dry-run" }),
        0,
        "Would move 4 of 4 matching: 3 → Ana Ruiz, 1 → Eli Stone.\n"
        "Ana Ruiz: open work 2 → 4\n"
        "Eli Stone: open work 3 → 4\n",
        "");
    // Without --balance, the round-robin of every other move.
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Ben Okafor", "--all", "--to",
                     "Ana Ruiz,Eli Stone", "--dry-run" }),
        0,
        "Would move 4 of 4 matching: 2 → Ana Ruiz, 2 → Eli Stone.\n",
        "");
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Ben Okafor", "--all", "--to",
                     "Ana Ruiz,Eli Stone", "--balance", "--cap", "3", "--dry-run" }),
        0,
        "Would move 2 of 4 matching: 2 → Ana Ruiz, 0 → Eli Stone.\n"
        "Ana Ruiz: open work 2 → 3\n"
        "Eli Stone: open work 3 → 3\n"
        "2 would stay where they are: every sender would be at the cap of 3 open conversations.\n",
        "");
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--from", "Ben Okafor", "--all", "--to",
                     "Ana Ruiz,Eli Stone", "--balance", "--cap", "3", "--note", "Ben's shift ended" }),
        0,
        "Moved 2 conversations: 2 → Ana Ruiz, 0 → Eli Stone; 2 stay where they were: every target is at the cap.\n",
        "");
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Ben Okafor", "--json" }).out),
        QStringList({ "Hal Hill", "Kim Kahn" }));
    const QJsonObject last
        = QJsonDocument::fromJson(db({ "history", "--campaign", Campaign, "--limit", "1", "--json" }).out.toUtf8())
              .array()[0]
              .toObject();
    QCOMPARE(last.value("note").toString(), QString("Ben's shift ended"));
    QCOMPARE(last.value("left_by_cap").toInt(), 2);
    QCOMPARE_RUN(db({ "move", "--campaign", Campaign, "--conversation", "8", "--to", "Ana Ruiz", "--cap", "3" }), 1,
        "", "handoff-cli: Ana Ruiz already holds 3 open conversations, the cap is 3: the conversation stays where it is.\n");
    QCOMPARE_RUN(db({ "move", "--campaign", Campaign, "--conversation", "8", "--to", "Dee Park", "--note", "Dee asked" }),
        0, "Moved 1 conversation: 1 → Dee Park.\n", "");
    QCOMPARE(QJsonDocument::fromJson(db({ "history", "--campaign", Campaign, "--limit", "1", "--json" }).out.toUtf8())
                 .array()[0]
                 .toObject()
                 .value("note")
                 .toString(),
        QString("Dee asked"));
}

void TestCli::newFlagsRefuseBadInput()
{
    QVERIFY(seed());
    const QString before = stats();
    const QString history = historyJson();
    const QString durationHelp = QStringLiteral(" Write a number followed by s, m, h or d, or several such as 1h30m.\n");
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--all", "--to", "Dee Park", "--older-than", "90" }),
        2, "", "handoff-cli: --older-than: \"90\" is not a duration: the unit after 90 is missing." + durationHelp);
    QCOMPARE_RUN(db({ "unassign", "--campaign", Campaign, "--bulk", "--older-than", "1.5h" }), 2, "",
        "handoff-cli: --older-than: \"1.5h\" is not a duration: \".\" is not a unit." + durationHelp);
    QCOMPARE_RUN(db({ "conversations", "--campaign", Campaign, "--older-than", "3w" }), 2, "",
        "handoff-cli: --older-than: \"3w\" is not a duration: \"w\" is not a unit." + durationHelp);
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--all", "--to", "Dee Park", "--cap", "0" }), 2, "",
        "handoff-cli: --cap must be a whole number of at least 1, not \"0\".\n");
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--all", "--to", "Dee Park", "--cap=-2" }), 2, "",
        "handoff-cli: --cap must be a whole number of at least 1, not \"-2\".\n");
    QCOMPARE_RUN(db({ "conversations", "--campaign", Campaign, "--held", "--not-held" }), 2, "",
        "handoff-cli: Use either --held or --not-held, not both.\n");
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--all", "--to", "Dee Park", "--note",
                     QString(201, QLatin1Char('n')) }),
        2, "", "handoff-cli: --note is 201 characters long; a note may have at most 200.\n");
    QCOMPARE_RUN(db({ "hold", "--campaign", Campaign, "--conversation", "1,999" }), 1, "",
        "handoff-cli: There is no conversation 999 in this campaign.\n");
    QCOMPARE_RUN(db({ "hold", "--campaign", Campaign, "--conversation", "1,two" }), 2, "",
        "handoff-cli: --conversation takes IDs separated by commas, such as 12,15,20; \"two\" is not one.\n");
    QCOMPARE_RUN(db({ "unhold", "--campaign", Campaign, "--conversation", "0" }), 2, "",
        "handoff-cli: --conversation takes IDs separated by commas, such as 12,15,20; \"0\" is not one.\n");
    QCOMPARE_RUN(db({ "unhold", "--campaign", Campaign, "--conversation", "5", "--note", "x" }), 2, "",
        "handoff-cli: Unknown option 'note'.\n");
    QCOMPARE(db({ "campaign", "archive", Campaign }).code, 0);
    QCOMPARE_RUN(db({ "hold", "--campaign", Campaign, "--conversation", "1" }), 1, "",
        "handoff-cli: Campaign \"GOTV November\" is archived; its conversations cannot be held or released.\n");
    QCOMPARE(db({ "campaign", "unarchive", Campaign }).code, 0);
    QCOMPARE(db({ "conversations", "--campaign", Campaign, "--held", "--json" }).out, QString("[]\n"));
    QCOMPARE(stats(), before);
    QCOMPARE(historyJson(), history);
}

void TestCli::moveOneConversation()
{
    QVERIFY(seed());
    // Jo Jones is conversation 10, with Ana.
    QCOMPARE_RUN(db({ "move", "--campaign", Campaign, "--conversation", "10", "--to", "Dee Park" }), 0,
        "Moved 1 conversation: 1 → Dee Park.\n", "");
    QCOMPARE(
        contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Dee Park", "--json" }).out),
        QStringList({ "Jo Jones" }));
    QCOMPARE_RUN(db({ "move", "--campaign", Campaign, "--conversation", "10", "--unassign" }), 0,
        "Moved 1 conversation: 1 → Unassigned.\n", "");
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--unassigned", "--json" }).out),
        QStringList({ "Jo Jones" }));
    QCOMPARE_RUN(db({ "move", "--campaign", Campaign, "--conversation", "10", "--unassign" }), 1, "",
        "handoff-cli: The conversation with Jo Jones is already with Unassigned.\n");
    QCOMPARE_RUN(
        db({ "move", "--campaign", Campaign, "--conversation", "10", "--to", "Dee Park", "--unassign" }), 2,
        "", "handoff-cli: Say where they go with exactly one of --to SENDER or --unassign.\n");
    QCOMPARE_RUN(db({ "move", "--campaign", Campaign, "--conversation", "ten", "--unassign" }), 2, "",
        "handoff-cli: --conversation takes IDs separated by commas, such as 12,15,20; \"ten\" is not one.\n");
    // One conversation stays a single move in the history.
    const QJsonArray history = parsed(historyJson()).toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history[0].toObject().value("scope").toString(), QString("single"));
}

void TestCli::moveSeveralConversations()
{
    QVERIFY(seed());
    // Al 1, Di 4 and Jo 10 are Ana's; Bea 2 and Ed 5 Ben's; Cy 3 Eli's. Dealt in turn in
    // the order given: 1, 3, 5 to Cruz; 2, 4 to Dee.
    QCOMPARE_RUN(db({ "move", "--campaign", Campaign, "--conversation", "1,2,3", "--conversation", "4, 5", "--to",
                     "Cruz Lee,Dee Park" }),
        0, "Moved 5 conversations: 3 → Cruz Lee, 2 → Dee Park.\n", "");
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Cruz Lee", "--json" }).out),
        QStringList({ "Cy Cole", "Ed Evans", "Al Adams" }));
    QCOMPARE(contactsOf(db({ "conversations", "--campaign", Campaign, "--sender", "Dee Park", "--json" }).out),
        QStringList({ "Bea Brown", "Di Diaz" }));
    QCOMPARE(countOf(stats(), "Ana Ruiz", "total"), 2);
    QJsonArray history = parsed(historyJson()).toArray();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0].toObject().value("scope").toString(), QString("selection"));
    QCOMPARE(history[0].toObject().value("moved").toInt(), 5);

    // Undo reverts the whole selection.
    QCOMPARE(db({ "undo", "--campaign", Campaign }).code, 0);
    QCOMPARE(normalized(stats()), normalized(SeededStats));

    // To Unassigned.
    QCOMPARE(db({ "move", "--campaign", Campaign, "--conversation", "2,11", "--unassign", "--json" }).code, 0);
    QCOMPARE(countOf(stats(), "unassigned", "total"), 2);

    // A conversation of another campaign is refused, and nothing moves.
    QCOMPARE(db({ "campaign", "create", "Runoff" }).code, 0);
    QCOMPARE(db({ "sender", "add", "--campaign", "Runoff", "Ana Ruiz" }).code, 0);
    const QString runoff = writeFile("runoff.csv", "name,phone\nZoe,415-230-1099\n");
    QCOMPARE(db({ "import", "--campaign", "Runoff", runoff }).code, 0);
    const QString before = stats();
    const QString historyBefore = historyJson();
    QCOMPARE_RUN(db({ "move", "--campaign", Campaign, "--conversation", "1,13", "--to", "Dee Park" }), 1, "",
        "handoff-cli: Campaign \"GOTV November\" has no conversation 13.\n");
    QCOMPARE(stats(), before);
    QCOMPARE(historyJson(), historyBefore);
}

void TestCli::senderPresence()
{
    QVERIFY(seed());
    QCOMPARE_RUN(db({ "sender", "presence", "--campaign", Campaign, "Ana Ruiz", "away" }), 0,
        "\"Ana Ruiz\" is now away in campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(db({ "sender", "presence", "--campaign", Campaign, "Eli Stone", "done" }), 0,
        "\"Eli Stone\" is now done for today in campaign \"GOTV November\".\n", "");
    auto presenceOf = [this](const QString& name) {
        for (const QJsonValue& s : parsed(stats()).toObject().value("senders").toArray())
            if (s.toObject().value("name").toString() == name)
                return s.toObject().value("presence").toString();
        return QString();
    };
    QCOMPARE(presenceOf("Ana Ruiz"), QString("away"));
    QCOMPARE(presenceOf("Eli Stone"), QString("done"));
    QCOMPARE(presenceOf("Ben Okafor"), QString("on-shift"));
    QCOMPARE_RUN(db({ "sender", "presence", "--campaign", Campaign, "Ana Ruiz", "on-shift" }), 0,
        "\"Ana Ruiz\" is now on shift in campaign \"GOTV November\".\n", "");
    QCOMPARE(presenceOf("Ana Ruiz"), QString("on-shift"));
    // Presence is no move: the history stays empty.
    QCOMPARE(parsed(historyJson()).toArray().size(), 0);
}

void TestCli::historyAndUndo()
{
    QVERIFY(seed());
    QCOMPARE(db({ "reassign", "--campaign", Campaign, "--from", "Ana Ruiz", "--count", "3", "--to",
                    "Ben Okafor,Cruz Lee" })
                 .code,
        0);
    QCOMPARE(
        db({ "--actor", "Maya", "move", "--campaign", Campaign, "--conversation", "10", "--to", "Dee Park" })
            .code,
        0);
    QCOMPARE(db({ "unassign", "--campaign", Campaign, "--bulk", "--status", "needs-reply", "--actor", "Lin" })
                 .code,
        0);

    // The times are now; everything else is exact.
    const Run table = db({ "history", "--campaign", Campaign });
    QCOMPARE(table.code, 0);
    QString text = table.out;
    text.replace(QRegularExpression(R"(\d{4}-\d\d-\d\d \d\d:\d\d)"), "YYYY-MM-DD HH:MM");
    QCOMPARE(text,
        QString("ID  When              Who     Action                 Scope                From      Status  "
                "     "
                "Moved  To                            Skipped  Undo\n"
                " 3  YYYY-MM-DD HH:MM  Lin     Unassign All           Bulk                           Needs "
                "Reply  "
                "    3  3 → Unassigned                      0\n"
                " 2  YYYY-MM-DD HH:MM  Maya    Reassign Conversation  Single conversation  Ana Ruiz  Any     "
                "     "
                "    1  1 → Dee Park                        0\n"
                " 1  YYYY-MM-DD HH:MM  tester  Reassign Some          Sender               Ana Ruiz  Any     "
                "     "
                "    3  2 → Ben Okafor, 1 → Cruz Lee        0\n"));

    QCOMPARE_RUN(db({ "undo", "--campaign", Campaign }), 0,
        "Undid action 3 (Unassign All by Lin).\n"
        "Moved 3 conversations: 2 → Ben Okafor, 1 → Eli Stone.\n",
        "");
    QCOMPARE(normalized(db({ "undo", "--campaign", Campaign, "--json" }).out),
        normalized(R"({"action_id":5,"undid":2,"moved":1,"per_target":[{"name":"Ana Ruiz","count":1}],
                            "skipped":{"status_changed":0,"moved_elsewhere":0,"sender_gone":0,"held":0},
                            "left_by_cap":0})"));
    QCOMPARE_RUN(db({ "undo", "--campaign", Campaign }), 0,
        "Undid action 1 (Reassign Some by tester).\nMoved 3 conversations: 3 → Ana Ruiz.\n", "");
    QCOMPARE(normalized(stats()), normalized(SeededStats));

    QJsonArray history = parsed(historyJson()).toArray();
    QCOMPARE(history.size(), 6);
    QJsonObject newest = history[0].toObject();
    QVERIFY(QDateTime::fromString(newest.take("at").toString(), Qt::ISODate).isValid());
    QCOMPARE(QJsonDocument(newest).toJson(QJsonDocument::Compact),
        normalized(
            R"({"id":6,"actor":"tester","scope":"sender","action":"undo","status":"any","from":"Ana Ruiz",
                            "requested":3,"moved":3,"per_target":[{"name":"Ana Ruiz","count":3}],
                            "skipped":{"status_changed":0,"moved_elsewhere":0,"sender_gone":0,"held":0},
                            "left_by_cap":0,"undoes":1,"undone_by":null,"note":""})")
            .toUtf8());
    QCOMPARE(history[5].toObject().value("undone_by").toInt(), 6);
    QCOMPARE(history[5].toObject().value("action").toString(), QString("reassign-some"));
    // A bulk action comes from no one sender.
    QCOMPARE(history[3].toObject().value("scope").toString(), QString("bulk"));
    QCOMPARE(history[3].toObject().value("from"), QJsonValue());
    QCOMPARE(history[3].toObject().value("undone_by").toInt(), 4);

    QCOMPARE_RUN(db({ "undo", "--campaign", Campaign }), 1, "",
        "handoff-cli: There is nothing to undo in this campaign.\n");
    QCOMPARE(
        parsed(db({ "history", "--campaign", Campaign, "--limit", "1", "--json" }).out).toArray().size(), 1);
}

void TestCli::badInputChangesNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("archiveFirst");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("error");

    const QStringList fromAna = { "reassign", "--campaign", Campaign, "--from", "Ana Ruiz" };
    QTest::newRow("count 0") << fromAna + QStringList { "--count", "0", "--to", "Ben Okafor" } << false << 2
                             << "--count must be a whole number of at least 1, not \"0\".";
    QTest::newRow("count not a number")
        << fromAna + QStringList { "--count", "3x", "--to", "Ben Okafor" } << false << 2
        << "--count must be a whole number of at least 1, not \"3x\".";
    // Ana holds 3: Jo has gone to Eli.
    QTest::newRow("count above available")
        << fromAna + QStringList { "--count", "4", "--to", "Ben Okafor" } << false << 1
        << "Choose how many to reassign between 1 and 3 (3 match \"Any\"); 4 is out of range.";
    QTest::newRow("count above matching status")
        << fromAna + QStringList { "--status", "needs-reply", "--count", "2", "--to", "Ben Okafor" } << false
        << 1 << "Choose how many to reassign between 1 and 1 (1 match \"Needs Reply\"); 2 is out of range.";
    QTest::newRow("nothing to take") << QStringList {
        "reassign", "--campaign", Campaign, "--from-unassigned", "--count", "1", "--to", "Ben Okafor"
    } << false << 1 << "No conversations match \"Any\" here; there is nothing to reassign.";
    QTest::newRow("no --to") << fromAna + QStringList { "--count", "1" } << false << 2
                             << "reassign needs --to SENDER[,SENDER...].";
    QTest::newRow("empty --to") << fromAna + QStringList { "--count", "1", "--to", " , " } << false << 2
                                << "reassign needs --to SENDER[,SENDER...].";
    QTest::newRow("--to the source") << fromAna
            + QStringList {
                  "--all", "--to", "Ben Okafor,Ana Ruiz"
              } << false << 1 << "\"Ana Ruiz\" is where these conversations come from; choose other senders.";
    QTest::newRow("unknown target") << fromAna + QStringList { "--count", "1", "--to", "Ben Okafor,Zed" }
                                    << false << 1 << "\"Zed\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("unknown source") << QStringList { "reassign", "--campaign", Campaign, "--from", "Zed",
        "--all", "--to", "Ben Okafor" }
                                    << false << 1 << "\"Zed\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("unknown campaign") << QStringList { "reassign", "--campaign", "Nope", "--from", "Ana Ruiz",
        "--all", "--to", "Ben Okafor" }
                                      << false << 1
                                      << "There is no campaign named \"Nope\"; the campaigns are \"GOTV November\".";
    QTest::newRow("archived campaign")
        << fromAna + QStringList { "--count", "1", "--to", "Ben Okafor" } << true << 1
        << "Campaign \"GOTV November\" is archived; its conversations cannot be moved.";
    QTest::newRow("--count with --all")
        << fromAna + QStringList { "--count", "1", "--all", "--to", "Ben Okafor" } << false << 2
        << "Use either --count N or --all, not both.";
    QTest::newRow("neither --count nor --all") << fromAna + QStringList { "--to", "Ben Okafor" } << false << 2
                                               << "Say how many with --count N, or --all.";
    QTest::newRow("no source")
        << QStringList { "reassign", "--campaign", Campaign, "--all", "--to", "Ben Okafor" } << false << 2
        << "Say where the conversations come from with exactly one of --bulk, --from SENDER or "
           "--from-unassigned.";
    QTest::newRow("two sources")
        << fromAna + QStringList { "--bulk", "--all", "--to", "Ben Okafor" } << false << 2
        << "Say where the conversations come from with exactly one of --bulk, --from SENDER or "
           "--from-unassigned.";
    QTest::newRow("unknown status") << fromAna
            + QStringList { "--status", "waiting", "--all", "--to", "Ben Okafor" }
                                    << false << 2
                                    << "Unknown status \"waiting\"; use any, needs-reply, not-started.";
    QTest::newRow("unknown option") << fromAna + QStringList { "--all", "--to", "Ben Okafor", "--force" }
                                    << false << 2 << "Unknown option 'force'.";
    QTest::newRow("no campaign") << QStringList { "reassign", "--from", "Ana Ruiz", "--all", "--to",
        "Ben Okafor" } << false << 2
                                 << "reassign needs --campaign NAME.";
    QTest::newRow("unassign from unknown") << QStringList { "unassign", "--campaign", Campaign, "--from",
        "Zed" } << false << 1 << "\"Zed\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("unassign archived")
        << QStringList { "unassign", "--campaign", Campaign, "--bulk" } << true << 1
        << "Campaign \"GOTV November\" is archived; its conversations cannot be moved.";
    QTest::newRow("move unknown conversation")
        << QStringList { "move", "--campaign", Campaign, "--conversation", "999", "--to", "Ben Okafor" }
        << false << 1 << "Campaign \"GOTV November\" has no conversation 999.";
    QTest::newRow("move to unknown sender") << QStringList { "move", "--campaign", Campaign, "--conversation",
        "1", "--to", "Zed" } << false << 1 << "\"Zed\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("move in archived campaign")
        << QStringList { "move", "--campaign", Campaign, "--conversation", "1", "--to", "Ben Okafor" } << true
        << 1 << "Campaign \"GOTV November\" is archived; its conversations cannot be moved.";
    const QStringList moveSeveral { "move", "--campaign", Campaign, "--conversation" };
    QTest::newRow("move a conversation twice") << moveSeveral + QStringList { "1,2,1", "--to", "Ben Okafor" }
                                               << false << 1 << "Conversation 1 is listed twice.";
    QTest::newRow("move several, one unknown") << moveSeveral + QStringList { "1,999", "--to", "Ben Okafor" }
                                               << false << 1 << "Campaign \"GOTV November\" has no conversation 999.";
    QTest::newRow("move an empty list") << moveSeveral + QStringList { ",", "--to", "Ben Okafor" } << false << 2
                                        << "--conversation takes IDs separated by commas, such as 12,15,20; \"\" is "
                                           "not one.";
    QTest::newRow("move no conversation") << moveSeveral + QStringList { " ", "--to", "Ben Okafor" } << false << 2
                                          << "move needs --conversation ID.";
    QTest::newRow("move several to unknown sender")
        << moveSeveral + QStringList { "1,2", "--to", "Ben Okafor,Zed" } << false << 1
        << "\"Zed\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("move several in archived campaign")
        << moveSeveral + QStringList { "1,2", "--to", "Dee Park" } << true << 1
        << "Campaign \"GOTV November\" is archived; its conversations cannot be moved.";
    QTest::newRow("presence unknown word")
        << QStringList { "sender", "presence", "--campaign", Campaign, "Ana Ruiz", "gone" } << false << 2
        << "The presence must be on-shift, away or done, not \"gone\".";
    QTest::newRow("presence unknown sender")
        << QStringList { "sender", "presence", "--campaign", Campaign, "Zed", "away" } << false << 1
        << "\"Zed\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("presence without it")
        << QStringList { "sender", "presence", "--campaign", Campaign, "Ana Ruiz" } << false << 2
        << "sender presence needs PRESENCE.";
    QTest::newRow("presence in archived campaign")
        << QStringList { "sender", "presence", "--campaign", Campaign, "Ana Ruiz", "away" } << true << 1
        << "Campaign \"GOTV November\" is archived; its senders cannot change.";
    QTest::newRow("remove unknown sender") << QStringList { "sender", "remove", "--campaign", Campaign,
        "Zed" } << false << 1 << "\"Zed\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("remove in archived campaign")
        << QStringList { "sender", "remove", "--campaign", Campaign, "Ana Ruiz" } << true << 1
        << "Campaign \"GOTV November\" is archived; its conversations cannot be moved.";
    QTest::newRow("add to archived campaign") << QStringList { "sender", "add", "--campaign", Campaign,
        "Zed" } << true << 1 << "Campaign \"GOTV November\" is archived; its senders cannot change.";
    QTest::newRow("undo in archived campaign")
        << QStringList { "undo", "--campaign", Campaign } << true << 1
        << "Campaign \"GOTV November\" is archived; its conversations cannot be moved.";
}

void TestCli::badInputChangesNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, archiveFirst);
    QFETCH(int, code);
    QFETCH(QString, error);

    QVERIFY(seed());
    // One action in the history, so that a refused undo has something it could have undone.
    QCOMPARE(db({ "move", "--campaign", Campaign, "--conversation", "10", "--to", "Eli Stone" }).code, 0);
    if (archiveFirst)
        QCOMPARE(db({ "campaign", "archive", Campaign }).code, 0);
    const QString statsBefore = stats();
    const QString historyBefore = historyJson();
    const QString sendersBefore = db({ "sender", "list", "--campaign", Campaign, "--json" }).out;

    QCOMPARE_RUN(db(arguments), code, "", "handoff-cli: " + error + "\n");

    QCOMPARE(stats(), statsBefore);
    QCOMPARE(historyJson(), historyBefore);
    QCOMPARE(db({ "sender", "list", "--campaign", Campaign, "--json" }).out, sendersBefore);
}

void TestCli::storeAndActorFromEnvironment()
{
    QProcessEnvironment env;
    env.insert("HANDOFF_DB", m_url);
    QCOMPARE_RUN(
        cli({ "campaign", "create", Campaign }, env), 0, "Created campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(db({ "campaign", "list" }), 0,
        "Name           State   Senders  Conversations\n"
        "GOTV November  active        0              0\n",
        "");

    // Without HANDOFF_DB: the window's default store, in the user's data folder.
    QCOMPARE(cli({ "campaign", "create", "Mine" }).code, 0);
    QVERIFY(QFile::exists(m_dir->filePath("data/Handoff/handoff/handoff.db")));
    QCOMPARE_RUN(cli({ "campaign", "list" }), 0,
        "Name  State   Senders  Conversations\nMine  active        0              0\n", "");

    // Who acts: --actor, else HANDOFF_ACTOR, else the login name.
    auto lastActor
        = [this] { return parsed(historyJson()).toArray().at(0).toObject().value("actor").toString(); };
    const QStringList add = { "--db", m_url, "sender", "add", "--campaign", Campaign, "Ana Ruiz" };
    const QStringList remove = { "--db", m_url, "sender", "remove", "--campaign", Campaign, "Ana Ruiz" };
    QProcessEnvironment login;
    login.insert("HANDOFF_ACTOR", "");
    login.insert("USER", "pat");
    QCOMPARE(cli(add).code, 0);
    QCOMPARE(cli(remove, login).code, 0);
    QCOMPARE(lastActor(), QString("pat"));
    QCOMPARE(cli(add).code, 0);
    QCOMPARE(cli(remove).code, 0);
    QCOMPARE(lastActor(), QString("tester"));
    QCOMPARE(cli(add).code, 0);
    QCOMPARE(cli(remove + QStringList { "--actor", "Lin" }).code, 0);
    QCOMPARE(lastActor(), QString("Lin"));
}

void TestCli::storeAddressIsReadWholeOrRefused()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    const QString list = db({ "campaign", "list" }).out;

    // A NUL would cut the path short where SQLite reads it, opening real.db.
    const QString cut = m_url + "%00.backup";
    QCOMPARE_RUN(cli({ "--db", cut, "campaign", "create", "Other" }), 1, "",
        "handoff-cli: The path of a SQLite store cannot hold a control character (such as %00 or a line break).\n");
    QCOMPARE_RUN(cli({ "--db", m_url + "%0A", "campaign", "list" }), 1, "",
        "handoff-cli: The path of a SQLite store cannot hold a control character (such as %00 or a line break).\n");
    QCOMPARE(db({ "campaign", "list" }).out, list);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList { "handoff.db" });

    // An option that would add host= and port= of its own, and the password would follow.
    QCOMPARE_RUN(cli({ "--db",
                     "postgresql://manager:pw-secret@team-server.example/handoff"
                     "?application_name=report&host=127.0.0.1&port=55433",
                     "campaign", "list" }),
        1, "",
        "handoff-cli: The PostgreSQL address has the option \"host\", which Handoff does not pass on; it accepts "
        "sslmode, connect_timeout, application_name, sslrootcert, sslcert, sslkey, target_session_attrs.\n");
    QCOMPARE_RUN(cli({ "--db", "postgres://u/u?a;1/d", "campaign", "list" }), 1, "",
        "handoff-cli: Cannot read the option \"a;1/d\" of the PostgreSQL address; write options as "
        "?name=value&name=value.\n");
    QCOMPARE_RUN(cli({ "--db", "postgresql://manager:pw-secret@team-server.example:5o32/handoff", "stats",
                     "--campaign", Campaign }),
        1, "",
        "handoff-cli: Cannot read the PostgreSQL address \"postgresql://…@team-server.example:5o32/handoff\"; write "
        "it as postgresql://user:password@host:port/database.\n");
}

void TestCli::readingNeverCreatesAStore()
{
    const QString missing = m_dir->filePath("nonexistent/dir/x.db");
    const QString noStore = "handoff-cli: There is no store at sqlite://" + missing + ".\n";
    const QList<QStringList> reads = {
        { "campaign", "list" },
        { "sender", "list", "--campaign", Campaign },
        { "stats", "--campaign", Campaign },
        { "conversations", "--campaign", Campaign, "--json" },
        { "history", "--campaign", Campaign },
        { "reassign", "--campaign", Campaign, "--bulk", "--all", "--to", "Ana Ruiz", "--dry-run" },
    };
    for (const QStringList& read : reads) {
        QCOMPARE_RUN(cli(QStringList { "--db", "sqlite://" + missing } + read), 1, "", noStore);
        QVERIFY2(!QFileInfo::exists(m_dir->filePath("nonexistent")), qPrintable(read.join(' ')));
    }

    // An empty file is no store either, and stays empty.
    const QString empty = writeFile("empty.db", QString());
    QCOMPARE_RUN(cli({ "--db", "sqlite://" + empty, "stats", "--campaign", Campaign }), 1, "",
        "handoff-cli: There is no store at sqlite://" + empty + ".\n");
    QCOMPARE(QFileInfo(empty).size(), 0);

    // Writing creates it, folders and all.
    QCOMPARE_RUN(cli({ "--db", "sqlite://" + missing, "campaign", "create", Campaign }), 0,
        "Created campaign \"GOTV November\".\n", "");
    QCOMPARE_RUN(cli({ "--db", "sqlite://" + missing, "campaign", "list" }), 0,
        "Name           State   Senders  Conversations\n"
        "GOTV November  active        0              0\n",
        "");
}

void TestCli::aReadOnlyStoreIsReadAndNeverWritten()
{
    QVERIFY(seed());
    const QString path = m_dir->filePath("handoff.db");
    const QString list = db({ "campaign", "list" }).out;
    const QString seeded = stats();
    auto contents = [&] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    const QByteArray before = contents();
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));

    QCOMPARE_RUN(db({ "campaign", "list" }), 0, list, "");
    QCOMPARE(normalized(stats()), normalized(seeded));
    QCOMPARE(db({ "conversations", "--campaign", Campaign, "--status", "needs-reply" }).code, 0);
    const QString refusal = "handoff-cli: Cannot change the store " + m_url + ": the file is read-only.\n";
    QCOMPARE_RUN(db({ "campaign", "create", "Other" }), 1, "", refusal);
    QCOMPARE_RUN(db({ "reassign", "--campaign", Campaign, "--bulk", "--all", "--to", "Cruz Lee" }), 1, "", refusal);
    QCOMPARE_RUN(db({ "undo", "--campaign", Campaign }), 1, "", refusal);

    // Nothing beside it that a later writer would trip over, and the file as it was.
    QCOMPARE(QDir(m_dir->path()).entryList({ "handoff.db*" }, QDir::Files), QStringList { "handoff.db" });
    QVERIFY(contents() == before);

    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QCOMPARE_RUN(db({ "campaign", "create", "Other" }), 0, "Created campaign \"Other\".\n", "");
}

void TestCli::aFullDiskIsSaidAndReadingGoesOn()
{
    QVERIFY(seed());
    const QString list = db({ "campaign", "list" }).out;
    const QString seeded = stats();
    // A small tmpfs of its own, filled up, in a mount namespace that ends with the
    // script: nothing to unmount, and no other test sees it.
    const QString disk = m_dir->filePath("disk");
    const QString results = m_dir->filePath("results");
    QVERIFY(QDir().mkpath(disk) && QDir().mkpath(results));
    const QStringList unshare = ::geteuid() == 0 ? QStringList { "--mount" } : QStringList { "--mount", "--map-root-user" };
    const QString script = R"(
        mount -t tmpfs -o size=1m tmpfs "$1" || exit 97
        cp "$2" "$1/handoff.db" || exit 98
        dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null
        run() { n=$1; shift; "$CLI" "$@" >"$OUT/$n.out" 2>"$OUT/$n.err"; echo $? >"$OUT/$n.code"; }
        run list --db "sqlite://$1/handoff.db" campaign list
        run stats --db "sqlite://$1/handoff.db" stats --campaign "GOTV November" --json
        run create --db "sqlite://$1/handoff.db" campaign create Other
        run new --db "sqlite://$1/new/handoff.db" campaign create Other
        ls -A "$1" >"$OUT/listing"
        rm "$1/fill"
        run after --db "sqlite://$1/handoff.db" campaign create Other
    )";
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("CLI", HANDOFF_CLI_PATH);
    env.insert("OUT", results);
    env.insert("HANDOFF_ACTOR", "tester");
    env.insert("TZ", "UTC");
    process.setProcessEnvironment(env);
    process.start("unshare", unshare + QStringList { "sh", "-c", script, "sh", disk, m_dir->filePath("handoff.db") });
    QVERIFY(process.waitForFinished(120000));
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        QSKIP(qPrintable("Cannot mount a small tmpfs here (unshare " + unshare.join(' ') + "): "
            + QString::fromLocal8Bit(process.readAllStandardError()).trimmed()));
    auto result = [&](const QString& name) {
        QFile file(results + "/" + name);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString("(missing)");
    };
    auto run = [&](const QString& name) {
        Run r;
        r.code = result(name + ".code").trimmed().toInt();
        r.out = result(name + ".out");
        r.err = result(name + ".err");
        return r;
    };
    QCOMPARE_RUN(run("list"), 0, list, "");
    QCOMPARE(normalized(run("stats").out), normalized(seeded));
    QCOMPARE_RUN(run("create"), 1, "",
        "handoff-cli: Cannot change the store sqlite://" + disk + "/handoff.db: the disk holding " + disk
            + " is full; free some space, then try again.\n");
    QCOMPARE_RUN(run("new"), 1, "",
        "handoff-cli: Cannot create the store sqlite://" + disk + "/new/handoff.db: the disk holding " + disk
            + "/new is full; free some space, then try again.\n");
    // The new store left nothing, not even its folder.
    QVERIFY2(!result("listing").contains("new"), qPrintable(result("listing")));
    // Once there is room again, the store takes changes.
    QCOMPARE_RUN(run("after"), 0, "Created campaign \"Other\".\n", "");
}

void TestCli::aWriterKeptWaitingIsToldWhy()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    {
        // Another program in the middle of a long import holds the write lock.
        QSqlDatabase importer = QSqlDatabase::addDatabase("QSQLITE", "importer");
        importer.setDatabaseName(m_dir->filePath("handoff.db"));
        QVERIFY(importer.open());
        QSqlQuery lock(importer);
        QVERIFY(lock.exec("BEGIN IMMEDIATE"));
        QVERIFY(lock.exec("INSERT INTO campaigns (name, created_at) VALUES ('Half imported', 0)"));

        QCOMPARE_RUN(db({ "campaign", "create", "Other" }), 1, "",
            "handoff-cli: Cannot create the campaign: another import or action has held the store for more than 10 "
            "seconds and is still at work; try again when it has finished\n");
        // Reading goes on meanwhile, and sees what was committed.
        QCOMPARE_RUN(db({ "campaign", "list" }), 0,
            "Name           State   Senders  Conversations\n"
            "GOTV November  active        0              0\n",
            "");
        QVERIFY(lock.exec("ROLLBACK"));
        importer.close();
    }
    QSqlDatabase::removeDatabase("importer");
    QCOMPARE_RUN(db({ "campaign", "create", "Other" }), 0, "Created campaign \"Other\".\n", "");
}

void TestCli::demoHasEveryStatus()
{
    const Run demo = db({ "demo", "--contacts", "300", "--senders", "4" });
    QCOMPARE(demo.err, QString());
    QCOMPARE(demo.code, 0);
    QVERIFY2(demo.out.startsWith("Campaign \"Demo: Neighbors Vote GOTV\"\n"
                                 "Sender  "),
        qPrintable(demo.out));
    QVERIFY(demo.out.contains(QRegularExpression("\nTotal +\\d+/300 +300 ")));

    const QString json = db({ "stats", "--campaign", "Demo: Neighbors Vote GOTV", "--json" }).out;
    QCOMPARE(countOf(json, "total", "total"), 300);
    for (const char* key : { "needs_reply", "not_started", "waiting", "opted_out" })
        QVERIFY2(countOf(json, "total", key) > 0, key);
    QCOMPARE(countOf(json, "unassigned", "total"), 30);
    const QJsonArray senders = parsed(json).toObject().value("senders").toArray();
    QCOMPARE(senders.size(), 4);
    int sweepers = 0;
    for (const QJsonValue& s : senders)
        sweepers += s.toObject().value("sweeper").toBool() ? 1 : 0;
    QCOMPARE(sweepers, 1);

    QCOMPARE_RUN(db({ "demo", "--contacts", "10" }), 1, "",
        "handoff-cli: A campaign named \"Demo: Neighbors Vote GOTV\" already exists.\n");
    QCOMPARE_RUN(db({ "demo", "--campaign", "Small", "--senders", "0" }), 2, "",
        "handoff-cli: --senders must be a whole number of at least 1, not \"0\".\n");
    QCOMPARE_RUN(db({ "demo", "--campaign", "Big", "--contacts", "2000000" }), 1, "",
        "handoff-cli: A demo campaign has between 1 and 1,000,000 contacts (asked for 2000000).\n");
}

void TestCli::backupAndRestore()
{
    QVERIFY(seed());
    const QString copy = m_dir->filePath("copies/before runoff.db");
    QVERIFY(QDir().mkpath(m_dir->filePath("copies")));
    QCOMPARE_RUN(db({ "backup", "--to", copy }), 0, "Backed up the store to " + copy + ".\n", "");
    QCOMPARE(db({ "campaign", "create", "Runoff" }).code, 0);
    const QStringList before = backups();
    const Run restored = db({ "restore", "--from", copy });
    QCOMPARE(restored.err, QString());
    QCOMPARE(restored.code, 0);
    // The store as it was went to the backups folder first.
    const QStringList after = backups();
    const QStringList added
        = QSet<QString>(after.cbegin(), after.cend()).subtract(QSet<QString>(before.cbegin(), before.cend())).values();
    QCOMPARE(added.size(), 1);
    QCOMPARE(restored.out, "Restored the store from " + copy + ".\nThe store as it was is backed up to "
                               + QDir(backupsFolder()).filePath(added.first()) + ".\n");
    QCOMPARE_RUN(db({ "campaign", "list" }), 0,
        "Name           State   Senders  Conversations\n"
        "GOTV November  active        5             12\n",
        "");
    QCOMPARE(normalized(stats()), normalized(SeededStats));
    // Without --to: into the backups folder, named by the time.
    const Run backup = db({ "backup" });
    QCOMPARE(backup.code, 0);
    QVERIFY2(QRegularExpression("^Backed up the store to " + QRegularExpression::escape(backupsFolder())
                                + "/handoff-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z(_\\d+)?\\.db\\.\\n$")
                 .match(backup.out)
                 .hasMatch(),
        qPrintable(backup.out));
    QCOMPARE(backup.out, "Backed up the store to " + QDir(backupsFolder()).filePath(backups().first()) + ".\n");
}

void TestCli::dailyBackupAfterChangesOnly()
{
    QCOMPARE(db({ "campaign", "create", Campaign }).code, 0);
    const QStringList first = backups();
    QCOMPARE(first.size(), 1);
    QVERIFY(first.first().startsWith("handoff-"));
    // Once a day, not once a command.
    QCOMPARE(db({ "campaign", "create", "Runoff" }).code, 0);
    QCOMPARE(backups(), first);
    // A command that only reads never copies the store.
    QVERIFY(QDir(backupsFolder()).removeRecursively());
    QCOMPARE(db({ "campaign", "list" }).code, 0);
    QCOMPARE(db({ "stats", "--campaign", Campaign }).code, 0);
    QCOMPARE(db({ "check" }).code, 0);
    QVERIFY(!QFileInfo::exists(backupsFolder()));
    QCOMPARE(db({ "campaign", "archive", "Runoff" }).code, 0);
    QCOMPARE(backups().size(), 1);
}

void TestCli::restoreRefusesWhatIsNotAStore()
{
    QVERIFY(seed());
    const QString csv = writeFile("contacts.csv", Contacts);
    const QByteArray before = Handoff::fileDigest(storePath());
    const QStringList kept = backups();
    QCOMPARE_RUN(db({ "restore", "--from", csv }), 1, "",
        "handoff-cli: " + csv + " is not a Handoff store (file is not a database); nothing was restored.\n");
    QCOMPARE_RUN(db({ "restore", "--from", m_dir->filePath("nothing.db") }), 1, "",
        "handoff-cli: There is no file " + m_dir->filePath("nothing.db") + ".\n");
    QCOMPARE_RUN(db({ "restore", "--from", storePath() }), 1, "",
        "handoff-cli: " + storePath() + " is the store itself.\n");
    QCOMPARE_RUN(db({ "restore" }), 2, "", "handoff-cli: restore needs --from FILE.\n");
    QCOMPARE(Handoff::fileDigest(storePath()), before);
    QCOMPARE(backups(), kept);
    QCOMPARE(normalized(stats()), normalized(SeededStats));
}

void TestCli::checkHolds()
{
    QVERIFY(seed());
    QCOMPARE_RUN(db({ "check" }), 0, "Integrity: ok\nReferences: ok\nCounts: ok\nThe store holds.\n", "");
    // Checking never creates a store.
    const QString missing = m_dir->filePath("elsewhere/handoff.db");
    QCOMPARE_RUN(cli({ "--db", "sqlite://" + missing, "check" }), 1, "",
        "handoff-cli: There is no store at " + missing + ".\n");
    QVERIFY(!QFileInfo::exists(m_dir->filePath("elsewhere")));
}

void TestCli::checkFindsDriftedCounts()
{
    QVERIFY(seed());
    {
        QSqlDatabase sql = QSqlDatabase::addDatabase("QSQLITE", "drift");
        sql.setDatabaseName(storePath());
        QVERIFY(sql.open());
        // Counts written by something that went around the triggers.
        QVERIFY(QSqlQuery(sql).exec("UPDATE conversation_counts SET n = n + 2 WHERE status = 1"));
        sql.close();
    }
    QSqlDatabase::removeDatabase("drift");
    QCOMPARE_RUN(db({ "check" }), 1,
        "Integrity: ok\n"
        "References: ok\n"
        "Counts: 3 differ from a recount of the conversations\n"
        "  campaign \"GOTV November\", Ana Ruiz, Needs Reply: kept 3, recounted 1\n"
        "  campaign \"GOTV November\", Ben Okafor, Needs Reply: kept 3, recounted 1\n"
        "  campaign \"GOTV November\", Eli Stone, Needs Reply: kept 3, recounted 1\n",
        "handoff-cli: The kept counts of conversations differ from a recount.\n");
}

void TestCli::checkFindsRowsWhoseParentIsGone()
{
    QVERIFY(seed());
    {
        // A connection without SQLite's foreign-key enforcement (its default), as another
        // program may open the file.
        QSqlDatabase sql = QSqlDatabase::addDatabase("QSQLITE", "orphans");
        sql.setDatabaseName(storePath());
        QVERIFY(sql.open());
        QSqlQuery q(sql);
        QVERIFY(q.exec("INSERT INTO messages (conversation_id, direction, body, at) VALUES (90001, 1, 'hi', 0)"));
        QVERIFY(q.exec("INSERT INTO messages (conversation_id, direction, body, at) VALUES (90002, 1, 'hi', 0)"));
        QVERIFY(q.exec("INSERT INTO action_moves (action_id, conversation_id) VALUES (70001, 1)"));
        sql.close();
    }
    QSqlDatabase::removeDatabase("orphans");
    QCOMPARE_RUN(db({ "check" }), 1,
        "Integrity: ok\n"
        "References: 2 name rows that are not there\n"
        "  messages: 2 rows name a conversation_id that is not in conversations (the lowest missing: 90001)\n"
        "  action_moves: 1 row names action_id 70001, which is not in actions\n"
        "Counts: ok\n",
        "handoff-cli: Some rows name a row that does not exist.\n");
}

void TestCli::checkAndRestoreADamagedStore()
{
    QVERIFY(seed());
    const QString good = m_dir->filePath("good.db");
    QCOMPARE(db({ "backup", "--to", good }).code, 0);
    QVERIFY(Handoff::damageStoreFile(storePath()));
    const QByteArray damaged = Handoff::fileDigest(storePath());
    const QString advice = "handoff-cli: The store " + storePath()
        + " is damaged. Restore a backup with handoff-cli restore --from FILE; the automatic backups are in "
        + backupsFolder() + ".\n";
    // What SQLite found, page by page, under a count of the problems.
    const Run check = db({ "check" });
    QCOMPARE(check.err, advice);
    QCOMPARE(check.code, 1);
    QStringList lines = check.out.split('\n');
    QCOMPARE(lines.takeLast(), QString());
    QVERIFY2(lines.size() > 2, qPrintable(check.out));
    const QString count = lines.takeFirst();
    QCOMPARE(count, QString("Integrity: %1 problems").arg(lines.size()));
    for (const QString& line : std::as_const(lines))
        QVERIFY2(line.startsWith("  Page ") || line == "  database disk image is malformed", qPrintable(line));
    QCOMPARE(Handoff::fileDigest(storePath()), damaged);

    // A damaged backup is no way back either, and changes nothing.
    QCOMPARE_RUN(cli({ "--db", "sqlite://" + good, "restore", "--from", storePath() }), 1, "",
        "handoff-cli: " + storePath() + " is damaged (it fails SQLite's integrity check); nothing was restored.\n");

    const Run restored = db({ "restore", "--from", good });
    QCOMPARE(restored.err, QString());
    QCOMPARE(restored.code, 0);
    const QStringList aside = QDir(m_dir->path()).entryList({ "handoff.db.damaged-*Z" }, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QVERIFY2(QRegularExpression("^handoff\\.db\\.damaged-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z$").match(aside.first()).hasMatch(),
        qPrintable(aside.first()));
    QCOMPARE(restored.out,
        "Restored the store from " + good + ".\nThe damaged store was moved to " + m_dir->filePath(aside.first())
            + ".\n");
    QCOMPARE(Handoff::fileDigest(m_dir->filePath(aside.first())), damaged);
    QCOMPARE(normalized(stats()), normalized(SeededStats));
    QCOMPARE_RUN(db({ "check" }), 0, "Integrity: ok\nReferences: ok\nCounts: ok\nThe store holds.\n", "");
}

void TestCli::backupOnPostgresPointsToPgDump()
{
    // Said before any connection is tried: no server needed.
    const QString server = "postgresql://manager@127.0.0.1:1/handoff";
    const QString advice
        = "handoff-cli: A PostgreSQL store is backed up with pg_dump and restored with pg_restore.\n";
    QCOMPARE_RUN(cli({ "--db", server, "backup" }), 1, "", advice);
    QCOMPARE_RUN(cli({ "--db", server, "backup", "--to", m_dir->filePath("copy.db") }), 1, "", advice);
    QCOMPARE_RUN(cli({ "--db", server, "restore", "--from", m_dir->filePath("copy.db") }), 1, "", advice);
    QVERIFY(!QFileInfo::exists(m_dir->filePath("copy.db")));
}


// The seeded campaign, then Ben answers Bea 12 minutes after her reply and a bulk action
// deals the two replies still waiting to the sweepers: the series the Pulse tab draws.
void TestCli::reportPrintsThePulseSeries()
{
    QVERIFY(seed());
    const QString answer = QStringLiteral(
        R"({"phone":"+14152301002","direction":"out","body":"Ben, from the campaign","at":"2024-11-01T09:22:00Z","sender":"Ben Okafor"})"
        "\n");
    QCOMPARE(db({"events", "--campaign", Campaign, writeFile("answer.jsonl", answer)}).code, 0);
    QCOMPARE(db({"reassign", "--campaign", Campaign, "--bulk", "--all", "--status", "needs-reply", "--to",
                 "Cruz Lee,Dee Park"})
                 .code,
             0);

    const Run waits = db({"report", "--campaign", Campaign, "--json", "--series", "reply-wait"});
    QCOMPARE(waits.err, QString());
    QCOMPARE(waits.code, 0);
    const QJsonObject w = parsed(waits.out).toObject().value("reply_wait").toObject();
    QCOMPARE(w.value("answered").toInt(), 1);
    QCOMPARE(w.value("median_seconds").toInt(), 12 * 60);
    QCOMPARE(w.value("p95_seconds").toInt(), 12 * 60);
    QCOMPARE(w.value("waiting_now").toInt(), 2);   // Al and Cy; Gus opted out
    QStringList bins;
    for (const QJsonValue& b : w.value("bins").toArray())
        bins << QStringLiteral("%1:%2/%3")
                    .arg(b.toObject().value("label").toString())
                    .arg(b.toObject().value("answered").toInt())
                    .arg(b.toObject().value("waiting").toInt());
    QCOMPARE(bins, (QStringList{"0–5 min:0/0", "5–15 min:1/0", "15–30 min:0/0", "30–60 min:0/0", "1–2 h:0/0",
                                "2–4 h:0/0", "4–8 h:0/0", "8–24 h:0/0", "≥ 24 h:0/2"}));
    QVERIFY(!parsed(waits.out).toObject().contains("progress"));

    // Per hour on the day of the messages: the whole campaign runs to today, so ask for
    // the first hours through the JSON's progress.
    const Run all = db({"report", "--campaign", Campaign, "--json", "--per", "hour"});
    QCOMPARE(all.code, 0);
    const QJsonObject report = parsed(all.out).toObject();
    QCOMPARE(report.value("granularity").toString(), QStringLiteral("hour"));
    const QJsonArray progress = report.value("progress").toArray();
    QStringList firstHours;
    for (int i = 0; i < 3; ++i) {
        const QJsonObject p = progress.at(i).toObject();
        firstHours << QStringLiteral("%1 %2/%3/%4")
                          .arg(p.value("start").toString())
                          .arg(p.value("first_texts").toInt())
                          .arg(p.value("replies_received").toInt())
                          .arg(p.value("replies_waiting").toInt());
    }
    QCOMPARE(firstHours, (QStringList{"2024-11-01T08:00:00Z 2/1/1", "2024-11-01T09:00:00Z 2/1/1",
                                      "2024-11-01T10:00:00Z 3/2/2"}));
    const QJsonArray markers = report.value("markers").toArray();
    QCOMPARE(markers.size(), 1);
    QCOMPARE(markers.at(0).toObject().value("text").toString(),
             QStringLiteral("Bulk Reassign All Needs Reply, 2 → 2 sweepers"));
    QCOMPARE(markers.at(0).toObject().value("moved").toInt(), 2);

    // --since: the last hour holds the bulk action and no message.
    const Run recent = db({"report", "--campaign", Campaign, "--json", "--since", "1h", "--per", "hour"});
    QCOMPARE(recent.code, 0);
    const QJsonObject r = parsed(recent.out).toObject();
    QVERIFY(r.value("since").isString());
    QCOMPARE(r.value("markers").toArray().size(), 1);
    QCOMPARE(r.value("reply_wait").toObject().value("answered").toInt(), 0);
    QCOMPARE(r.value("reply_wait").toObject().value("waiting_now").toInt(), 2);
    const QJsonArray recentProgress = r.value("progress").toArray();
    QVERIFY(recentProgress.size() >= 1 && recentProgress.size() <= 2);
    for (const QJsonValue& p : recentProgress) {
        QCOMPARE(p.toObject().value("first_texts").toInt(), 0);
        QCOMPARE(p.toObject().value("replies_waiting").toInt(), 2);
    }

    QCOMPARE_RUN(db({"report", "--campaign", Campaign, "--csv", "--series", "load"}), 0,
                 "Sender,Sweeper,Presence,Not Started,Needs Reply,Waiting,Opted Out,Total\n"
                 "Unassigned,,,0,0,0,0,0\n"
                 "Ana Ruiz,,On shift,1,0,1,1,3\n"
                 "Ben Okafor,,On shift,2,0,2,0,4\n"
                 "Cruz Lee,yes,On shift,0,1,0,0,1\n"
                 "Dee Park,yes,On shift,0,1,0,0,1\n"
                 "Eli Stone,,On shift,2,0,1,0,3\n",
                 "");
    const Run csv = db({"report", "--campaign", Campaign, "--csv", "--since", "2h"});
    QCOMPARE(csv.code, 0);
    const QStringList parts = csv.out.split("\n\n");
    QCOMPARE(parts.size(), 3);
    QVERIFY(parts.at(0).startsWith("Hour,First texts,Replies received,Replies waiting,Actions\n"));
    QVERIFY2(parts.at(0).endsWith(" Bulk Reassign All Needs Reply, 2 → 2 sweepers\""), qPrintable(parts.at(0)));
    QVERIFY(parts.at(1).startsWith("Wait,Answered,Waiting now\n0–5 min,0,0\n"));
    QVERIFY(parts.at(1).contains("≥ 24 h,0,2\nMedian,—,\n"));
    QVERIFY(parts.at(2).startsWith("Sender,Sweeper,Presence,"));
}

void TestCli::reportRefusesBadInput()
{
    QVERIFY(seed());
    QCOMPARE_RUN(db({"report", "--campaign", Campaign}), 2, "", "handoff-cli: Give either --json or --csv.\n");
    QCOMPARE_RUN(db({"report", "--campaign", Campaign, "--json", "--csv"}), 2, "",
                 "handoff-cli: Give either --json or --csv.\n");
    const QStringList reasons{"the unit after 8 is missing", "a number is missing before \"h\"",
                              "\".\" is not a unit", "it is zero", "\"w\" is not a unit"};
    const QStringList bad{"8", "h", "1.5h", "0m", "1w"};
    for (int i = 0; i < bad.size(); ++i)
        QCOMPARE_RUN(db({"report", "--campaign", Campaign, "--json", "--since", bad[i]}), 2, "",
                     QStringLiteral("handoff-cli: --since: \"%1\" is not a duration: %2. Write a number followed by "
                                    "s, m, h or d, or several such as 1h30m.\n")
                         .arg(bad[i], reasons[i]));
    QCOMPARE_RUN(db({"report", "--campaign", Campaign, "--json", "--per", "week"}), 2, "",
                 "handoff-cli: Unknown unit \"week\"; use hour or day.\n");
    QCOMPARE_RUN(db({"report", "--campaign", Campaign, "--csv", "--series", "all"}), 2, "",
                 "handoff-cli: Unknown series \"all\"; use progress, reply-wait, load.\n");
    const Run unknown = db({"report", "--campaign", "Nope", "--json"});
    QCOMPARE(unknown.code, 1);
    QCOMPARE(unknown.out, QString());
    QVERIFY2(unknown.err.contains("Nope"), qPrintable(unknown.err));
    QCOMPARE(db({"report", "--campaign", Campaign, "--json", "--since", "1h30m"}).code, 0);
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
