#pragma once

#include "core/Campaign.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVector>
#include <memory>
#include <optional>

class QJsonValue;
class QTextStream;

namespace Handoff {

class Database;

// How handoff-cli ends, so that a script can tell a mistake in the command line from
// an action the store refused.
enum ExitCode
{
    ExitSuccess = 0,
    ExitRefused = 1,
    ExitUsage = 2,
};

// What every command shares: where its answer and its complaints go, which store it
// works on, who acts, and how names on the command line become campaigns and senders.
// A lookup that fails has already told the user why.
class CliContext
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::CliContext)
    Q_DISABLE_COPY_MOVE(CliContext)

public:
    CliContext(QTextStream& out, QTextStream& err);
    ~CliContext();

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }

    void setStoreUrl(const QString& url) { m_storeUrl = url; }
    void setActor(const QString& actor) { m_actor = actor; }
    // Actor::resolve with --actor as the name given and the open store's role.
    QString actor() const;

    // A command that only reads says so before its first use of the store: a missing
    // store is then reported, not created, and a read-only one will do. Any other
    // command is refused a store it cannot change.
    void setReadsOnly() { m_readsOnly = true; }
    // Opened on first use, so that --help and usage errors never create a store.
    Database* store();
    // The store the command line names, without opening it.
    QString storeUrl() const;
    // The store if a command opened it, else nothing.
    Database* openedStore() const { return m_store.get(); }

    int usageError(const QString& message);
    int refuse(const QString& message);

    std::optional<Campaign> campaign(const QString& name);
    // A sender by roster name, who must be on the campaign.
    std::optional<CampaignSender> sender(const Campaign& campaign, const QString& name);
    std::optional<QVector<SenderId>> senders(const Campaign& campaign, const QStringList& names);

    // One JSON document on one line of stdout.
    void printJson(const QJsonValue& value);

private:
    void complain(const QString& message);

    QTextStream& m_out;
    QTextStream& m_err;
    QString m_storeUrl;
    QString m_actor;
    bool m_readsOnly = false;
    std::unique_ptr<Database> m_store;
};

} // namespace Handoff
