#pragma once

#include "core/Campaign.h"
#include "core/ConversationQuery.h"

#include <QObject>

#include <optional>

class QWidget;

namespace Handoff {

class Database;
class JobRunner;

// The window's work with files of a campaign: File ▸ Import Contacts…, Import Message
// Events…, Export Conversations…, Export History… and Help ▸ Create Demo Campaign. Each
// asks for its file and options, runs the controller's importer or exporter as a job,
// and reports what it did; the window refreshes what the job changed.
class CampaignFiles final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignFiles)

public:
    CampaignFiles(QWidget* window, Database& db, JobRunner& jobs);

    // Each does nothing without a campaign, or for an archived one where it would
    // change it, or while another job runs.
    void importContacts(const std::optional<Campaign>& campaign);
    void importMessageEvents(const std::optional<Campaign>& campaign);
    // The conversations query shows: what the table shows, with its filters.
    void exportConversations(const std::optional<Campaign>& campaign, const ConversationQuery& query);
    void exportHistory(const std::optional<Campaign>& campaign);
    void createDemoCampaign();

signals:
    void statusMessage(const QString& message);
    // The import is in the store: the window reads the campaign again. Contacts come
    // with the Conversations tab in front.
    void contactsImported();
    void messageEventsImported();
    void demoCreated(qint64 campaignId);

private:
    QWidget* m_window;
    Database& m_db;
    JobRunner& m_jobs;
};

} // namespace Handoff
