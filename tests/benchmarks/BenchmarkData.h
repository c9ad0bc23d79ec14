#pragma once

#include "core/Campaign.h"
#include "core/Outcome.h"

#include <QString>
#include <QVector>

namespace Handoff {

class Database;

// The shape of the campaign the benchmarks run on. The defaults are the national
// campaign of the issue: a million conversations, 2,000 senders of whom 50 sweep,
// a tenth waiting in Unassigned, one sender holding 30% and one holding 5,000.
struct BenchmarkShape
{
    int conversations = 1'000'000;
    int senders = 2000;   // including the sweepers
    int sweepers = 50;

    int unassigned() const { return conversations / 10; }
    int largest() const { return conversations / 10 * 3; }
    int unassignSender() const { return std::min(5000, conversations / 200); }
    int perSweeper() const { return std::min(100, conversations / 10000); }
};

// Ids of the generated campaign that the measurements need.
struct BenchmarkCampaign
{
    qint64 campaignId = 0;
    SenderId largest = 0;          // holds BenchmarkShape::largest()
    SenderId unassignSender = 0;   // holds BenchmarkShape::unassignSender()
    QVector<SenderId> sweepers;
    QVector<SenderId> regular;     // the other senders, largest and unassignSender first

    QString toJson() const;
    static BenchmarkCampaign fromJson(const QByteArray& json);
};

// Builds the campaign with direct, batched inserts in one transaction (the schema's
// triggers keep the counts as they would for any writer). Statuses: about 60% waiting,
// 20% not started, 15% needs reply, 5% opted out; every started conversation has its
// messages. The same shape always gives the same data.
Outcome<BenchmarkCampaign> generateCampaign(Database& db, const BenchmarkShape& shape);

// A contact file of `rows` data rows in the formats people export (+1 415…, (415) …,
// 415-…), with a few invalid and duplicate phones, as the importer meets them.
Outcome<Done> writeContactCsv(const QString& path, int rows);

// A Twilio Console message log of `rows` messages to and from the first `conversations`
// contacts of the generated campaign, columns as Twilio writes them: mostly outbound-api
// texts, one reply in four, one text in fifty failed or undelivered, a few to numbers
// that are not in the campaign.
Outcome<Done> writeTwilioLog(const QString& path, int rows, int conversations);

} // namespace Handoff
