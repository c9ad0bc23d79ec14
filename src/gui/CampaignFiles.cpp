#include "gui/CampaignFiles.h"

#include "controller/ContactImporter.h"
#include "controller/CsvExporter.h"
#include "controller/DemoCampaign.h"
#include "controller/MessageEventImporter.h"
#include "core/Reassignment.h"
#include "gui/BackgroundTask.h"
#include "gui/DialogRunner.h"
#include "gui/FileDialog.h"
#include "gui/JobRunner.h"
#include "gui/MessageBox.h"
#include "gui/import/ImportContactsDialog.h"
#include "gui/import/ImportEventsDialog.h"
#include "gui/import/ImportReportDialog.h"
#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QWidget>

namespace Handoff {

namespace {

// A campaign's name as part of a file name: no separators or characters Windows refuses.
QString fileNamePart(const QString& name)
{
    return QString(name)
        .replace(QRegularExpression(QStringLiteral("[/\\\\:*?\"<>|]+")), QStringLiteral("-"))
        .simplified();
}

} // namespace

CampaignFiles::CampaignFiles(QWidget* window, Database& db, JobRunner& jobs)
    : QObject(window)
    , m_window(window)
    , m_db(db)
    , m_jobs(jobs)
{
}

void CampaignFiles::importContacts(const std::optional<Campaign>& campaign)
{
    if (!campaign || campaign->archived || m_jobs.isBusy())
        return;
    const QString path
        = FileDialog::getOpenFileName(m_window, tr("Import Contacts"), tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    ImportContactsDialog dialog(path, CampaignStore(m_db).campaignSenders(campaign->id), m_window);
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return;
    ContactImportOptions options;
    options.campaignId = campaign->id;
    options.mapping = dialog.mapping();
    options.dealTo = dialog.dealTo();
    options.assignFromExport = dialog.assignFromExport();
    options.defaultRegion = dialog.region();

    const QString name = campaign->name;
    m_jobs.run<ContactImportReport>(
        tr("Import Contacts"), tr("Importing %1…").arg(QFileInfo(path).fileName()),
        tr("The import stopped unexpectedly."),
        [path, options](Database& db, BackgroundTask& task) {
            ContactImporter importer(db);
            QObject::connect(&importer, &ContactImporter::progress, &importer,
                             [&task, &importer](qint64 done, qint64 total) {
                                 task.reportProgress(done, total);
                                 if (task.cancelRequested())
                                     importer.cancel();
                             });
            return importer.importFile(path, options);
        },
        [this, path, name, assigned = options.assignFromExport](const ContactImportReport& report) {
            QString summary = report.imported == 1
                ? tr("Imported 1 contact into \"%1\".").arg(name)
                : tr("Imported %1 contacts into \"%2\".").arg(QLocale().toString(report.imported), name);
            summary += QLatin1Char(' ')
                + (report.dealt.isEmpty() ? tr("The new conversations wait in Unassigned.")
                       : assigned         ? tr("Assigned from the export: %1.").arg(targetCountsText(report.dealt))
                                          : tr("Dealt out: %1.").arg(targetCountsText(report.dealt)));
            for (const QString& note : report.notes)
                summary += QLatin1Char(' ') + note;
            emit contactsImported();
            emit statusMessage(summary);
            ImportReportDialog reportDialog(tr("Contacts Imported"), summary, report.rejected, path, m_window);
            DialogRunner::exec(reportDialog);
        },
        /* cancellable: the import is one transaction */ true);
}

void CampaignFiles::importMessageEvents(const std::optional<Campaign>& campaign)
{
    if (!campaign || campaign->archived || m_jobs.isBusy())
        return;
    const QString path = FileDialog::getOpenFileName(m_window, tr("Import Message Events"),
        tr("Message logs (*.csv *.jsonl *.ndjson *.json *.gz);;All files (*)"));
    if (path.isEmpty())
        return;
    ImportEventsDialog dialog(path, m_window);
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return;

    const QString name = campaign->name;
    m_jobs.run<MessageEventReport>(
        tr("Import Message Events"), tr("Reading %1…").arg(QFileInfo(path).fileName()),
        tr("The import stopped unexpectedly."),
        [path, id = campaign->id, options = dialog.options()](Database& db, BackgroundTask& task) {
            MessageEventImporter importer(db);
            QObject::connect(&importer, &MessageEventImporter::progress, &importer,
                             [&task, &importer](qint64 done, qint64 total) {
                                 task.reportProgress(done, total);
                                 if (task.cancelRequested())
                                     importer.cancel();
                             });
            return importer.importFile(path, id, options);
        },
        [this, path, name](const MessageEventReport& report) {
            QString summary = report.recorded == 1
                ? tr("Recorded 1 message in \"%1\".").arg(name)
                : tr("Recorded %1 messages in \"%2\".").arg(QLocale().toString(report.recorded), name);
            summary += QLatin1Char(' ') + MessageEventImporter::formatSentence(report);
            if (report.optedOut > 0)
                summary += QLatin1Char(' ')
                    + (report.optedOut == 1
                            ? tr("1 contact opted out.")
                            : tr("%1 contacts opted out.").arg(QLocale().toString(report.optedOut)));
            for (const QString& note : report.notes)
                summary += QLatin1Char(' ') + note;
            emit messageEventsImported();
            emit statusMessage(summary);
            ImportReportDialog reportDialog(
                tr("Message Events Imported"), summary, report.rejected, path, m_window);
            DialogRunner::exec(reportDialog);
        },
        /* cancellable: the import is one transaction */ true);
}

void CampaignFiles::exportConversations(const std::optional<Campaign>& campaign, const ConversationQuery& query)
{
    if (!campaign || m_jobs.isBusy())
        return;
    const QString path = FileDialog::getSaveFileName(m_window, tr("Export Conversations"),
                                                     tr("%1 conversations.csv").arg(fileNamePart(campaign->name)),
                                                     tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    m_jobs.run<int>(
        tr("Export Conversations"), tr("Writing %1…").arg(QFileInfo(path).fileName()),
        tr("The export stopped unexpectedly."),
        [path, query](Database& db, BackgroundTask& task) {
            CsvExporter exporter(db);
            const int total = ConversationStore(db).count(query);
            QObject::connect(&exporter, &CsvExporter::progress, &exporter,
                             [&task, total](int rows) { task.reportProgress(rows, total); });
            return exporter.exportConversationsFile(query, path);
        },
        [this, path](const int& rows) {
            emit statusMessage(rows == 1 ? tr("Exported 1 conversation to %1.").arg(QDir::toNativeSeparators(path))
                                 : tr("Exported %1 conversations to %2.")
                                       .arg(QLocale().toString(rows), QDir::toNativeSeparators(path)));
        });
}

void CampaignFiles::exportHistory(const std::optional<Campaign>& campaign)
{
    if (!campaign || m_jobs.isBusy())
        return;
    const QString path = FileDialog::getSaveFileName(m_window, tr("Export History"),
                                                     tr("%1 history.csv").arg(fileNamePart(campaign->name)),
                                                     tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    // One row an action: quick enough to write here.
    const Outcome<int> rows = CsvExporter(m_db).exportHistoryFile(campaign->id, path);
    if (!rows) {
        MessageBox::warning(m_window, tr("Export History"), rows.error());
        return;
    }
    emit statusMessage(*rows == 1 ? tr("Exported 1 action to %1.").arg(QDir::toNativeSeparators(path))
                          : tr("Exported %1 actions to %2.")
                                .arg(QLocale().toString(*rows), QDir::toNativeSeparators(path)));
}

void CampaignFiles::createDemoCampaign()
{
    if (m_jobs.isBusy())
        return;
    const DemoCampaignOptions options;
    m_jobs.run<Campaign>(
        tr("Demo Campaign"), tr("Creating \"%1\"…").arg(options.name),
        tr("The demo campaign was not created."),
        [options](Database& db, BackgroundTask& task) {
            DemoCampaign demo(db);
            QObject::connect(&demo, &DemoCampaign::progress, &demo,
                             [&task](int done, int total) { task.reportProgress(done, total); });
            return demo.create(options);
        },
        [this](const Campaign& demo) {
            emit demoCreated(demo.id);
            emit statusMessage(tr("Created the demo campaign \"%1\".").arg(demo.name));
        });
}

} // namespace Handoff
