#pragma once

#include "core/Campaign.h"
#include "core/Outcome.h"

#include <QObject>

namespace Handoff {

class Database;

struct DemoCampaignOptions
{
    QString name = QStringLiteral("Demo: Neighbors Vote GOTV");
    int contacts = 5000;
    int senders = 8;   // the last one is a sweeper
};

// Builds a realistic campaign for first-time users: senders, a sweeper, thousands
// of conversations in every status, with their message history, and an Unassigned
// pool to reassign from.
class DemoCampaign final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoCampaign)

public:
    explicit DemoCampaign(Database& db, QObject* parent = nullptr);

    Outcome<Campaign> create(const DemoCampaignOptions& options);

signals:
    void progress(int done, int total);

private:
    Database& m_db;
};

} // namespace Handoff
