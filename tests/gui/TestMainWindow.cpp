#include "gui/conversations/ConversationsTab.h"
#include "core/CsvReader.h"
#include "storage/Database.h"
#include "gui/DialogRunner.h"
#include "gui/FileDialog.h"
#include "gui/history/HistoryTab.h"
#include "models/HistoryTableModel.h"
#include "gui/MessageBox.h"
#include "models/SenderListModel.h"
#include "gui/senders/SendersTab.h"
#include "WindowTestCase.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLineEdit>
#include <QDialog>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QProgressDialog>
#include <QPushButton>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

using namespace Handoff;
using S = ConversationStatus;

// The window around the tabs: names for screen readers, the remembered campaign, the
// manager's name, campaigns, imports, exports and the welcome page.
class TestMainWindow : public WindowTestCase
{
    Q_OBJECT

private slots:
    void everyInteractiveWidgetIsNamed();
    void remembersLastCampaign();
    void managerNameIsRecorded();
    void newCampaign();
    void archivedCampaignIsReadOnly();
    void importContactsReportsEveryBadRow();
    void cancellingAnImportImportsNothing();
    void importReadsNumbersOfTheChosenCountry();
    void importAssignsASpokeExportToItsTexters();
    void importMessageEventsReportsBadLines();
    void importTwilioLogShowsTheFormatAndPreview();
    void importOtherCsvByColumnMapping();
    void cancellingAMessageImportRecordsNothing();
    void exportConversationsNeutralisesFormulas();
    void exportHistory();
    void welcomePageOnEmptyStore();
    void welcomePageImportsIntoANewCampaign();
    void welcomePageOpensTheDemo();
};

void TestMainWindow::everyInteractiveWidgetIsNamed()
{
    clickSender("Ana Ruiz");
    openConversation(m_a1);
    QVERIFY2(unnamedWidgets().isEmpty(), qPrintable(unnamedWidgets().join(", ")));
    // The other tabs, with something selected so that every button is enabled.
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    selectSendersInTable({"Ana Ruiz", "Cruz Lee"});
    QVERIFY2(unnamedWidgets().isEmpty(), qPrintable(unnamedWidgets().join(", ")));
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerAction("removeSendersAction");
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    child<QTableView>("historyTableView")->selectRow(0);
    QVERIFY(child<QAction>("undoSelectedAction")->isEnabled());
    QVERIFY2(unnamedWidgets().isEmpty(), qPrintable(unnamedWidgets().join(", ")));
    QCOMPARE(m_window->sendersTab()->accessibleName(), QString("Senders"));
    QCOMPARE(m_window->historyTab()->accessibleName(), QString("History"));
    QCOMPARE(child<QToolButton>("senderReassignButton")->text(), QString("Reassign"));
    QCOMPARE(child<QLabel>("unselectSenderLink")->accessibleName(), QString("Unselect Sender"));
    QCOMPARE(child<QListView>("senderListView")->accessibleName(), QString("Senders"));
    QCOMPARE(child<QPushButton>("reassignConversationButton")->accessibleName(), QString("Reassign"));
    QCOMPARE(child<QPushButton>("optOutButton")->accessibleName(), QString("Opt-Out"));
    QCOMPARE(m_tab->accessibleName(), QString("Conversations"));
    QCOMPARE(child<QToolButton>("bulkReassignButton")->accessibleName(), QString("Bulk Reassign"));
}

void TestMainWindow::remembersLastCampaign()
{
    const qint64 second = m_fx->campaign("Runoff");
    m_window->reloadCampaigns();
    m_window->selectCampaign(second);
    QCOMPARE(m_tab->campaignId(), second);
    QVERIFY(m_window->close());
    auto db = Database::open(m_fx->url());
    QVERIFY(db);
    MainWindow again(std::move(*db));
    QCOMPARE(again.currentCampaignId(), second);
}

void TestMainWindow::managerNameIsRecorded()
{
    QCOMPARE(child<QLabel>("managerLabel")->text(), QStringLiteral("Manager: %1").arg(MainWindow::managerName()));
    expectDialog([](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("  Maya   Lin ");
        input.accept();
    });
    triggerAction("managerNameAction");
    QCOMPARE(MainWindow::managerName(), QString("Maya Lin"));
    QCOMPARE(child<QLabel>("managerLabel")->text(), QString("Manager: Maya Lin"));
    DialogScript s;
    s.targets = QStringList{"Ben Okafor"};
    clickSender("Unassigned");
    runNextDialog(s);
    triggerFromDropdown("senderReassignButton", "reassignAllAction");
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    auto* history = child<QTableView>("historyTableView");
    QCOMPARE(history->model()->index(0, HistoryTableModel::WhoColumn).data().toString(), QString("Maya Lin"));

    // Empty goes back to the login name.
    QString shown;
    expectDialog([&](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        shown = input.textValue();
        input.setTextValue("");
        input.accept();
    });
    triggerAction("managerNameAction");
    QCOMPARE(shown, QString("Maya Lin"));
    QVERIFY(MainWindow::managerName() != QString("Maya Lin"));
    QVERIFY(!MainWindow::managerName().isEmpty());
}

void TestMainWindow::newCampaign()
{
    expectDialog([](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("Runoff December");
        input.accept();
    });
    triggerAction("newCampaignAction");
    auto* combo = child<QComboBox>("campaignComboBox");
    QCOMPARE(combo->currentText(), QString("Runoff December"));
    QCOMPARE(combo->count(), 2);
    const qint64 runoff = m_window->currentCampaignId();
    QVERIFY(runoff != m_campaign);
    QCOMPARE(m_tab->campaignId(), runoff);
    QCOMPARE(m_window->windowTitle(), QString("Runoff December — Handoff"));
    // A new campaign starts on the Senders tab, empty.
    QCOMPARE(child<QTabWidget>("mainTabWidget")->currentWidget(), m_window->sendersTab());
    QCOMPARE(senderTableNames(), QStringList());
    QVERIFY(child<QLabel>("totalCountLabel")->text().contains(">0<"));

    // A name that is taken is refused, and nothing is created.
    expectDialog([](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("GOTV November");
        input.accept();
    });
    MessageBox::setNextAnswer(QMessageBox::Ok);
    triggerAction("newCampaignAction");
    QCOMPARE(MessageBox::lastText(), QString("A campaign named \"GOTV November\" already exists."));
    QCOMPARE(combo->count(), 2);
    QCOMPARE(m_window->currentCampaignId(), runoff);
}

void TestMainWindow::archivedCampaignIsReadOnly()
{
    auto* notice = child<QLabel>("archivedNoticeLabel");
    QVERIFY(!notice->isVisible());
    QVERIFY(!child<QAction>("unarchiveCampaignAction")->isVisible());
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerAction("archiveCampaignAction");
    QVERIFY(MessageBox::lastText().contains("opens read-only"));
    QVERIFY(notice->isVisible());
    QVERIFY(notice->text().contains("is archived"));
    QCOMPARE(child<QComboBox>("campaignComboBox")->currentText(), QString("GOTV November (archived)"));
    for (const char* name : {"reassignSomeAction", "reassignAllAction", "unassignAllAction", "undoAction",
                             "importContactsAction", "importMessageEventsAction", "addSendersAction",
                             "archiveCampaignAction"})
        QVERIFY2(!child<QAction>(name)->isEnabled(), name);
    QVERIFY(child<QAction>("exportConversationsAction")->isEnabled());
    QVERIFY(child<QAction>("unarchiveCampaignAction")->isVisible());

    // Nothing moves, whichever way is tried.
    const auto before = m_fx->owners(m_campaign);
    runNextDialog({});
    QTest::keyClick(m_window.get(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_dialogs, 0);
    clickSender("Ana Ruiz");
    openConversation(m_a1);
    QVERIFY(!child<QPushButton>("reassignConversationButton")->isEnabled());
    QVERIFY(!child<QPushButton>("optOutButton")->isEnabled());
    QVERIFY(!child<QAction>("reassignConversationAction")->isEnabled());
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    selectSendersInTable({"Ben Okafor"});
    QVERIFY(!child<QAction>("removeSendersAction")->isEnabled());
    QVERIFY(!child<QAction>("markSweeperAction")->isEnabled());
    QCOMPARE(m_fx->owners(m_campaign), before);

    // It opens read-only too.
    m_window.reset();
    {
        auto db = Database::open(m_fx->url());
        QVERIFY(db);
        MainWindow again(std::move(*db));
        again.show();
        QVERIFY(again.findChild<QLabel*>("archivedNoticeLabel")->isVisible());
        QVERIFY(!again.conversationsTab()->reassignSomeAction()->isEnabled());
    }
    auto db = Database::open(m_fx->url());
    QVERIFY(db);
    m_window = std::make_unique<MainWindow>(std::move(*db));
    m_window->show();
    m_tab = m_window->conversationsTab();
    triggerAction("unarchiveCampaignAction");
    QVERIFY(!child<QLabel>("archivedNoticeLabel")->isVisible());
    QCOMPARE(child<QComboBox>("campaignComboBox")->currentText(), QString("GOTV November"));
    QVERIFY(child<QAction>("reassignSomeAction")->isEnabled());
    QVERIFY(child<QAction>("undoAction")->isEnabled());
}

void TestMainWindow::importContactsReportsEveryBadRow()
{
    const QString csv = writeFile("contacts.csv", "First Name,Last Name,Mobile,Zip,Team\n"
                                                  "Zed,Alpha,(415) 230-1001,94110,North\n"
                                                  "Yara,Beta,call me,94111,South\n"
                                                  "Xeno,Gamma,,94112,North\n"
                                                  "Will,Delta,415-230-1001,94113,East\n"
                                                  "Vic,Eps,+1 415 230 1002,94114,West\n"
                                                  "Uri,Zeta,415-230-0001,94115,North\n");
    QVERIFY(!csv.isEmpty());
    FileDialog::setNextFileName(csv);
    QStringList detected;
    QStringList headers;
    int previewRows = 0;
    expectDialog([&](QDialog& dialog) {
        for (const char* name : {"firstNameColumnComboBox", "lastNameColumnComboBox", "phoneColumnComboBox",
                                 "zipColumnComboBox"})
            detected << dialog.findChild<QComboBox*>(name)->currentText();
        auto* preview = dialog.findChild<QTableWidget*>("previewTableWidget");
        previewRows = preview->rowCount();
        auto* ok = dialog.findChild<QPushButton*>("okButton");
        // Each field can be changed; without a phone column nothing can be imported.
        auto* phone = dialog.findChild<QComboBox*>("phoneColumnComboBox");
        phone->setCurrentIndex(0);
        QVERIFY(!ok->isEnabled());
        QCOMPARE(dialog.findChild<QLabel*>("messageLabel")->text(),
                 QString("Choose the column that holds the phone numbers."));
        phone->setCurrentIndex(3);
        QVERIFY(ok->isEnabled());
        auto* zip = dialog.findChild<QComboBox*>("zipColumnComboBox");
        zip->setCurrentIndex(0);
        for (int c = 0; c < preview->columnCount(); ++c)
            headers << preview->horizontalHeaderItem(c)->text();
        auto* deal = dialog.findChild<QListWidget*>("dealListWidget");
        for (int i = 0; i < deal->count(); ++i)
            if (deal->item(i)->text() == "Ana Ruiz" || deal->item(i)->text() == "Ben Okafor")
                deal->item(i)->setCheckState(Qt::Checked);
        QVERIFY(dialog.findChild<QCheckBox*>("dealCheckBox")->isChecked());
        ok->click();
    });
    QStringList rejected;
    QString summary;
    const QString reportPath = m_fx->dir() + "/report.txt";
    expectDialog([&](QDialog& dialog) {
        summary = dialog.findChild<QLabel*>("summaryLabel")->text();
        auto* table = dialog.findChild<QTableWidget*>("rejectedTableWidget");
        for (int r = 0; r < table->rowCount(); ++r)
            rejected << table->item(r, 0)->text() + ": " + table->item(r, 1)->text();
        FileDialog::setNextFileName(reportPath);
        dialog.findChild<QPushButton*>("saveReportButton")->click();
        dialog.accept();
    });
    triggerAction("importContactsAction");
    QTRY_VERIFY(m_handlers.isEmpty());
    QVERIFY(!m_window->isBusy());

    QCOMPARE(detected,
        QStringList({ "Column 1: First Name", "Column 2: Last Name", "Column 3: Mobile", "Column 4: Zip" }));
    QCOMPARE(previewRows, 6);
    QCOMPARE(headers, QStringList({"First Name\n→ first name", "Last Name\n→ last name", "Mobile\n→ phone",
                                   "Zip\n→ custom field", "Team\n→ custom field"}));
    QCOMPARE(summary,
             QString("Imported 2 contacts into \"GOTV November\". Dealt out: 1 → Ana Ruiz, 1 → Ben Okafor."));
    QCOMPARE(rejected, QStringList({"3: invalid phone \"call me\": not a phone number", "4: no phone number",
                                    "5: duplicate of line 2 (+14152301001)", "7: already in the campaign"}));
    QCOMPARE(QString::fromUtf8(readFile(reportPath)),
             QStringLiteral("Imported 2 contacts into \"GOTV November\". Dealt out: 1 → Ana Ruiz, 1 → Ben Okafor.\n"
                            "File: %1\n"
                            "Rejected lines:\n"
                            "Line 3: invalid phone \"call me\": not a phone number\n"
                            "Line 4: no phone number\n"
                            "Line 5: duplicate of line 2 (+14152301001)\n"
                            "Line 7: already in the campaign\n")
                 .arg(csv));
    QVERIFY(child<QLabel>("totalCountLabel")->text().contains(">14<"));
    QCOMPARE(senderIndex("Ana Ruiz").data(SenderListModel::AssignedRole).toInt(), 6);
    QCOMPARE(senderIndex("Ben Okafor").data(SenderListModel::AssignedRole).toInt(), 3);
    QVERIFY(m_window->statusBar()->currentMessage().startsWith("Imported 2 contacts"));
}

void TestMainWindow::cancellingAnImportImportsNothing()
{
    // Big enough that the import is still running when Cancel is pressed.
    QByteArray rows = "phone,first\n";
    for (int i = 0; i < 300000; ++i)
        rows += "+1617" + QByteArray::number(2300000 + i) + ",P\n";
    const QString csv = writeFile("many.csv", rows);
    const int before = senderIndex("Unassigned").data(SenderListModel::AssignedRole).toInt();
    FileDialog::setNextFileName(csv);
    expectDialog([](QDialog& dialog) { dialog.findChild<QPushButton*>("okButton")->click(); });
    triggerAction("importContactsAction");
    QProgressDialog* progress = nullptr;
    QTRY_VERIFY((progress = m_window->findChild<QProgressDialog*>("taskProgressDialog")) != nullptr);
    QPushButton* cancel = progress->findChild<QPushButton*>();
    QVERIFY(cancel);
    QCOMPARE(cancel->text(), QString("Cancel"));
    MessageBox::setNextAnswer(QMessageBox::Ok);
    cancel->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isBusy(), 20000);
    QCOMPARE(MessageBox::lastText(), QString("The import was cancelled; nothing was imported."));
    m_window->findChild<QAction*>("refreshAction")->trigger();
    QCOMPARE(senderIndex("Unassigned").data(SenderListModel::AssignedRole).toInt(), before);
}

void TestMainWindow::importAssignsASpokeExportToItsTexters()
{
    // A file that names no texter does not offer it.
    FileDialog::setNextFileName(writeFile("plain.csv", "phone,first\n+16175550109,Ivy\n"));
    bool offered = true;
    expectDialog([&](QDialog& dialog) {
        offered = !dialog.findChild<QCheckBox*>("assignFromExportCheckBox")->isHidden();
        dialog.reject();
    });
    triggerAction("importContactsAction");
    QTRY_VERIFY(m_handlers.isEmpty());
    QVERIFY(!offered);

    const QString csv = writeFile("rewired.csv",
        "contact[cell],contact[firstName],contact[lastName],contact[optOut],contact[ward],texter[firstName],"
        "texter[lastName],texter[email]\n"
        "+16175550101,Ola,Berg,false,7,Ana,Ruiz,\n"
        "+16175550102,Per,Lund,true,7,Hana,New,hana@example.org\n"
        "+16175550103,Kai,Dahl,false,8,Hana,New,hana@example.org\n");
    FileDialog::setNextFileName(csv);
    QStringList headers;
    expectDialog([&](QDialog& dialog) {
        auto* assign = dialog.findChild<QCheckBox*>("assignFromExportCheckBox");
        auto* deal = dialog.findChild<QCheckBox*>("dealCheckBox");
        QVERIFY(!assign->isHidden());
        QCOMPARE(assign->accessibleName(), QString("Assign from the export"));
        auto* preview = dialog.findChild<QTableWidget*>("previewTableWidget");
        for (int c = 0; c < preview->columnCount(); ++c)
            headers << preview->horizontalHeaderItem(c)->text();
        // Dealing and assigning exclude each other.
        deal->setChecked(true);
        QTest::mouseClick(assign, Qt::LeftButton, {}, QPoint(8, assign->height() / 2));
        QVERIFY(assign->isChecked());
        QVERIFY(!deal->isChecked());
        dialog.findChild<QPushButton*>("okButton")->click();
    });
    QString summary;
    expectDialog([&](QDialog& dialog) {
        summary = dialog.findChild<QLabel*>("summaryLabel")->text();
        dialog.accept();
    });
    triggerAction("importContactsAction");
    QTRY_VERIFY(m_handlers.isEmpty());
    QTRY_VERIFY(!m_window->isBusy());
    QCOMPARE(headers, QStringList({"contact[cell]\n→ phone", "contact[firstName]\n→ first name",
                                   "contact[lastName]\n→ last name", "contact[optOut]\n→ opted out",
                                   "contact[ward]\n→ custom field “ward”", "texter[firstName]\n→ texter",
                                   "texter[lastName]\n→ texter", "texter[email]\n→ texter"}));
    QCOMPARE(summary, QString("Imported 3 contacts into \"GOTV November\". Assigned from the export: 1 → Ana Ruiz, "
                              "2 → Hana New. 1 contact is opted out in the file; it came in opted out. 1 texter "
                              "joined the roster: Hana New. 1 texter joined the campaign: Hana New."));
    QVERIFY(senderIndex("Hana New").isValid());
    QCOMPARE(senderIndex("Hana New").data(SenderListModel::AssignedRole).toInt(), 2);
    QSqlQuery q = m_fx->db().prepare("SELECT ct.first_name, c.status, ct.custom_fields FROM conversations c"
                                     " JOIN contacts ct ON ct.id = c.contact_id WHERE ct.phone = ?");
    q.addBindValue(QStringLiteral("+16175550102"));
    QVERIFY(m_fx->db().exec(q) && q.next());
    QCOMPARE(q.value(0).toString(), QString("Per"));
    QCOMPARE(ConversationStatus(q.value(1).toInt()), ConversationStatus::OptedOut);
    QCOMPARE(q.value(2).toString(), QString("{\"ward\":\"7\"}"));
}

void TestMainWindow::importReadsNumbersOfTheChosenCountry()
{
    // A British list: local numbers, and one American written with its country code.
    const QString csv = writeFile("uk.csv", "first,last,phone\n"
                                            "Olivia,Hart,020 7946 0958\n"
                                            "Noah,Kerr,+1 415 230 1077\n");
    auto importWith = [&](const std::function<void(QComboBox&)>& choose) {
        FileDialog::setNextFileName(csv);
        expectDialog([&](QDialog& dialog) {
            choose(*dialog.findChild<QComboBox*>("regionComboBox"));
            dialog.findChild<QPushButton*>("okButton")->click();
        });
        expectDialog([](QDialog& dialog) { dialog.accept(); });
        triggerAction("importContactsAction");
        QTRY_VERIFY(m_handlers.isEmpty());
        QTRY_VERIFY(!m_window->isBusy());
    };
    QString first;
    importWith([&](QComboBox& region) {
        first = region.currentText();
        region.setCurrentIndex(region.findData(QStringLiteral("GB")));
        QCOMPARE(region.currentText(), QString("United Kingdom (+44)"));
    });
    QCOMPARE(first, QString("United States (+1)"));
    QSqlQuery q = m_fx->db().prepare("SELECT first_name, phone FROM contacts WHERE first_name IN ('Olivia', 'Noah')"
                                     " ORDER BY first_name");
    QVERIFY(m_fx->db().exec(q));
    QStringList stored;
    while (q.next())
        stored << q.value(0).toString() + " " + q.value(1).toString();
    QCOMPARE(stored, QStringList({ "Noah +14152301077", "Olivia +442079460958" }));

    // The next import starts from the country chosen last.
    importWith([&](QComboBox& region) { first = region.currentData().toString(); });
    QCOMPARE(first, QString("GB"));
}

void TestMainWindow::importMessageEventsReportsBadLines()
{
    const QString events = writeFile(
        "events.jsonl",
        R"({"phone":"+14152300008","direction":"out","body":"Hi Uma!","at":"2026-11-21T10:00:00Z","sender":"Ana Ruiz"})"
        "\n"
        "not json\n"
        R"({"phone":"+14152309999","direction":"in","body":"hi","at":"2026-11-21T10:01:00Z"})"
        "\n"
        R"({"phone":"+14152300008","direction":"in","body":"STOP","at":"2026-11-21T10:02:00Z"})"
        "\n");
    FileDialog::setNextFileName(events);
    QStringList rejected;
    QString summary;
    expectDialog([&](QDialog& dialog) {
        QCOMPARE(dialog.objectName(), QString("importEventsDialog"));
        dialog.findChild<QPushButton*>("okButton")->click();
    });
    expectDialog([&](QDialog& dialog) {
        summary = dialog.findChild<QLabel*>("summaryLabel")->text();
        auto* table = dialog.findChild<QTableWidget*>("rejectedTableWidget");
        for (int r = 0; r < table->rowCount(); ++r)
            rejected << table->item(r, 0)->text() + ": " + table->item(r, 1)->text();
        dialog.accept();
    });
    triggerAction("importMessageEventsAction");
    QTRY_VERIFY(m_handlers.isEmpty());
    QCOMPARE(summary, QString("Recorded 2 messages in \"GOTV November\". Read as Handoff message events (JSON Lines) "
                              "(recognised from the file). 1 contact opted out. 1 message is for a phone that is "
                              "not in the campaign; it was left out (line 3)."));
    QCOMPARE(rejected.size(), 2);
    QVERIFY2(rejected[0].startsWith("2: Not valid JSON"), qPrintable(rejected[0]));
    QCOMPARE(rejected[1], QString("3: no conversation with +14152309999 in campaign \"GOTV November\""));
    QCOMPARE(m_fx->statusOf(m_u1), S::OptedOut);
    QVERIFY(child<QLabel>("notStartedCountLabel")->text().contains(">4<"));
}

namespace {
// What the preview table of the Import Message Events dialog shows, a row a line.
QStringList previewRows(QDialog& dialog)
{
    auto* table = dialog.findChild<QTableWidget*>("previewTableWidget");
    QStringList rows;
    for (int r = 0; r < table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < table->columnCount(); ++c)
            cells << (table->item(r, c) ? table->item(r, c)->text() : QString());
        rows << cells.join(" | ");
    }
    return rows;
}
} // namespace

void TestMainWindow::importTwilioLogShowsTheFormatAndPreview()
{
    // Asha (+14152300003) has not been texted; Arlo (…0002) needs a reply.
    QFile twilio(QStringLiteral(HANDOFF_TEST_DATA "/events/twilio-console.csv"));
    QVERIFY(twilio.open(QIODevice::ReadOnly));
    const QString csv = writeFile("Messages.csv", twilio.readAll());
    FileDialog::setNextFileName(csv);
    QString detected;
    QStringList preview;
    bool mappingEnabled = true;
    QString summary;
    expectDialog([&](QDialog& dialog) {
        QCOMPARE(dialog.findChild<QComboBox*>("formatComboBox")->currentText(), QString("Recognise from the file"));
        detected = dialog.findChild<QLabel*>("detectedLabel")->text();
        preview = previewRows(dialog);
        mappingEnabled = dialog.findChild<QGroupBox*>("mappingGroupBox")->isEnabled();
        dialog.findChild<QPushButton*>("okButton")->click();
    });
    expectDialog([&](QDialog& dialog) {
        summary = dialog.findChild<QLabel*>("summaryLabel")->text();
        dialog.accept();
    });
    triggerAction("importMessageEventsAction");
    QTRY_VERIFY(m_handlers.isEmpty());
    QTRY_VERIFY(!m_window->isBusy());
    QCOMPARE(detected, QString("Recognised as: Twilio message log (CSV)."));
    QVERIFY(!mappingEnabled);
    QCOMPARE(preview.size(), 6);
    // The sender column shows the number a text went out from when the log names no sender.
    QCOMPARE(preview[0], QString("2 | +14152300001 | to the contact | 2026-11-20 18:00:00 | +14155550100 | Hi, it's Ana "
                                 "with Vote Forward. Can we count on you Saturday? | "));
    QCOMPARE(preview[1], QString("3 | +14152300001 | from the contact | 2026-11-20 18:04:12 |  | Yes! What time? I can do "
                                 "the morning. | "));
    QVERIFY2(preview[2].startsWith("5 | +14152300002 | to the contact") && preview[2].endsWith("| Failed: not counted as sent"),
        qPrintable(preview[2]));
    QVERIFY2(summary.startsWith("Recorded 3 messages in \"GOTV November\". Read as Twilio message log (CSV) (recognised "
                                "from the file). 1 outbound message had failed or was undelivered; it was recorded as "
                                "failed and not counted as sent."),
        qPrintable(summary));
    QVERIFY2(summary.contains("3 outbound messages were sent from +14155550100, which is no sender's texting number; "
                              "they were recorded without a sender (lines 2, 5, 6)."),
        qPrintable(summary));
    QCOMPARE(m_fx->statusOf(m_a3), S::Waiting);
    QCOMPARE(m_fx->statusOf(m_a2), S::NeedsReply);
    // The failed text is in Arlo's thread, marked; his reply still waits for an answer.
    openConversation(m_a2);
    const QString thread = child<QTextBrowser>("messageThreadBrowser")->toPlainText();
    QVERIFY2(thread.contains("Hi, it's Ana with Vote Forward. Can we count on you Saturday?"), qPrintable(thread));
    QVERIFY2(thread.contains(" · Failed: not delivered"), qPrintable(thread));
    QCOMPARE(thread.count("Failed: not delivered"), 1);
}

void TestMainWindow::importOtherCsvByColumnMapping()
{
    // Uma (+14152300008) answers Ana; Uli (…0009) is texted; Una's (…0010) line is not understood.
    const QString csv = writeFile("thrutext.csv",
        "Message ID,Contact Phone,Type,Message,Timestamp,Texter Name\n"
        "t-1,(415) 230-0008,Outgoing,Hi Uma,2026-11-21 10:00:00,Ana Ruiz\n"
        "t-2,(415) 230-0008,Incoming,Sure,2026-11-21 10:05:00,\n"
        "t-3,(415) 230-0009,Outgoing,Hi Uli,2026-11-21 10:01:00,Ana Ruiz\n"
        "t-4,(415) 230-0010,Note,Hi Una,2026-11-21 10:02:00,Ana Ruiz\n");
    FileDialog::setNextFileName(csv);
    QString refusal;
    bool okBefore = true;
    QStringList preview;
    QStringList rejected;
    expectDialog([&](QDialog& dialog) {
        refusal = dialog.findChild<QLabel*>("messageLabel")->text();
        okBefore = dialog.findChild<QPushButton*>("okButton")->isEnabled();
        auto* format = dialog.findChild<QComboBox*>("formatComboBox");
        format->setCurrentIndex(format->findText("Other CSV, by column mapping"));
        QVERIFY(dialog.findChild<QGroupBox*>("mappingGroupBox")->isEnabled());
        QVERIFY(!dialog.findChild<QPushButton*>("okButton")->isEnabled());
        const auto choose = [&](const char* combo, const char* column) {
            auto* box = dialog.findChild<QComboBox*>(combo);
            QVERIFY(box);
            box->setCurrentIndex(box->findData(QString(column)));
            QVERIFY(box->currentIndex() > 0);
        };
        choose("phoneColumnComboBox", "Contact Phone");
        choose("directionColumnComboBox", "Type");
        choose("bodyColumnComboBox", "Message");
        choose("atColumnComboBox", "Timestamp");
        choose("senderColumnComboBox", "Texter Name");
        choose("idColumnComboBox", "Message ID");
        // The number texts went out from is optional: none of this file's columns, or any.
        auto* number = dialog.findChild<QComboBox*>("numberColumnComboBox");
        QVERIFY(number);
        QCOMPARE(number->count(), 7);
        QCOMPARE(number->currentText(), QString("(none)"));
        QTest::keyClicks(dialog.findChild<QLineEdit*>("inboundValueLineEdit"), "Incoming");
        QTest::keyClicks(dialog.findChild<QLineEdit*>("outboundValueLineEdit"), "Outgoing");
        preview = previewRows(dialog);
        dialog.findChild<QPushButton*>("okButton")->click();
    });
    expectDialog([&](QDialog& dialog) {
        auto* table = dialog.findChild<QTableWidget*>("rejectedTableWidget");
        for (int r = 0; r < table->rowCount(); ++r)
            rejected << table->item(r, 0)->text() + ": " + table->item(r, 1)->text();
        dialog.accept();
    });
    triggerAction("importMessageEventsAction");
    QTRY_VERIFY(m_handlers.isEmpty());
    QTRY_VERIFY(!m_window->isBusy());
    QVERIFY(!okBefore);
    QCOMPARE(refusal, QString("The format of the file is not one Handoff knows. Its header (Message ID, Contact Phone, "
                              "Type, Message, Timestamp, Texter Name) matches no format Handoff reads; choose \"Other "
                              "CSV, by column mapping\" and name the columns."));
    QCOMPARE(preview, QStringList({ "2 | +14152300008 | to the contact | 2026-11-21 10:00:00 | Ana Ruiz | Hi Uma | ",
                          "3 | +14152300008 | from the contact | 2026-11-21 10:05:00 |  | Sure | ",
                          "4 | +14152300009 | to the contact | 2026-11-21 10:01:00 | Ana Ruiz | Hi Uli | ",
                          "5 |  |  |  |  |  | Left out: \"Type\" must be \"Incoming\" or \"Outgoing\", not \"Note\"" }));
    QCOMPARE(rejected, QStringList({ "5: \"Type\" must be \"Incoming\" or \"Outgoing\", not \"Note\"" }));
    QCOMPARE(m_fx->statusOf(m_u1), S::NeedsReply);
    QCOMPARE(m_fx->statusOf(m_u2), S::Waiting);
    QCOMPARE(m_fx->statusOf(m_u3), S::NotStarted);
}

void TestMainWindow::cancellingAMessageImportRecordsNothing()
{
    // A Twilio log big enough that the import is still running when Cancel is pressed.
    QByteArray rows = "Sid,From,To,Body,Status,SentDate,Direction\n";
    for (int i = 0; i < 200000; ++i)
        rows += "SM" + QByteArray::number(i) + ",+14155550100,+14152300008,Hi Uma,delivered,2026-11-21T10:00:00Z,"
                                                "outbound-api\n";
    const QString csv = writeFile("big-log.csv", rows);
    FileDialog::setNextFileName(csv);
    expectDialog([](QDialog& dialog) { dialog.findChild<QPushButton*>("okButton")->click(); });
    triggerAction("importMessageEventsAction");
    QProgressDialog* progress = nullptr;
    QTRY_VERIFY((progress = m_window->findChild<QProgressDialog*>("taskProgressDialog")) != nullptr);
    QPushButton* cancel = progress->findChild<QPushButton*>();
    QVERIFY(cancel);
    MessageBox::setNextAnswer(QMessageBox::Ok);
    cancel->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isBusy(), 60000);
    QCOMPARE(MessageBox::lastText(), QString("The import was cancelled; no message was recorded."));
    QCOMPARE(m_fx->statusOf(m_u1), S::NotStarted);
}

void TestMainWindow::exportConversationsNeutralisesFormulas()
{
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 40, "=HYPERLINK(\"http://evil.example\",\"Win\")");
    clickSender("Ana Ruiz");
    const QString path = m_fx->dir() + "/ana.csv";
    FileDialog::setNextFileName(path);
    triggerAction("exportConversationsAction");
    QTRY_VERIFY(!m_window->isBusy());
    // The view's columns and order; the phone stays exact, the formula is text.
    QCOMPARE(readFile(path),
             QByteArray("Contact,Phone,Status,Last Message,Last Activity,Sender\r\n"
                        "Axel Test,+14152300004,Waiting,Hi!,2026-11-20T09:01:00Z,Ana Ruiz\r\n"
                        "Asha Test,+14152300003,Not Started,,2026-11-20T09:05:00Z,Ana Ruiz\r\n"
                        "Amy Test,+14152300001,Needs Reply,Tell me more,2026-11-20T09:10:00Z,Ana Ruiz\r\n"
                        "Arlo Test,+14152300002,Needs Reply,Tell me more,2026-11-20T09:20:00Z,Ana Ruiz\r\n"
                        "Ava Test,+14152300005,Needs Reply,Tell me more,2026-11-20T09:30:00Z,Ana Ruiz\r\n"
                        "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Win\"\") Test\",+14152300013,Waiting,Hi!,"
                        "2026-11-20T09:40:00Z,Ana Ruiz\r\n"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Exported 6 conversations to %1.").arg(path));

    // Narrowed by status too: exactly what the table shows.
    child<QComboBox>("statusFilterComboBox")->setCurrentIndex(3);
    FileDialog::setNextFileName(path);
    triggerAction("exportConversationsAction");
    QTRY_VERIFY(!m_window->isBusy());
    QCOMPARE(readFile(path).split('\n').size(), 4);

    // Cancelling the file dialog writes nothing.
    QFile::remove(path);
    FileDialog::setNextFileName(QString());
    triggerAction("exportConversationsAction");
    QVERIFY(!m_window->isBusy());
    QVERIFY(!QFile::exists(path));
}

void TestMainWindow::exportHistory()
{
    DialogScript s;
    s.status = 1;
    s.count = 3;
    s.targets = QStringList{"Cruz Lee", "Dee Park"};
    s.note = "Shift change, \"evening\"";
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    const QString path = m_fx->dir() + "/history.csv";
    FileDialog::setNextFileName(path);
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    QTest::mouseClick(child<QToolButton>("exportHistoryButton"), Qt::LeftButton);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    CsvReader reader(&file);
    QStringList fields;
    int line = 0;
    QVERIFY(reader.readRecord(fields, line));
    QCOMPARE(fields.first(), QString("ID"));
    QVERIFY(reader.readRecord(fields, line));
    fields.removeAt(1);
    QCOMPARE(fields, QStringList({"1", MainWindow::managerName(), "Bulk", "", "Reassign Some", "Needs Reply", "3", "3",
                                  "Cruz Lee: 2; Dee Park: 1", "0", "0", "0", "", "", "Shift change, \"evening\""}));
    QVERIFY(!reader.readRecord(fields, line));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Exported 1 action to %1.").arg(path));
}

void TestMainWindow::welcomePageOnEmptyStore()
{
    m_window.reset();
    StoreFixture empty;
    QVERIFY(empty.ok());
    auto db = Database::open(empty.url());
    QVERIFY(db);
    m_window = std::make_unique<MainWindow>(std::move(*db));
    DialogRunner::setHandler([this](QDialog& dialog) {
        m_handlers.takeFirst()(dialog);
        return dialog.result();
    });
    m_window->show();
    QVERIFY(m_window->isWelcoming());
    QVERIFY(child<QWidget>("welcomePage")->isVisible());
    QVERIFY(!child<QTabWidget>("mainTabWidget")->isVisible());
    QVERIFY(!m_window->conversationsTab()->reassignSomeAction()->isEnabled());
    QVERIFY(!child<QAction>("importContactsAction")->isEnabled());
    QVERIFY2(unnamedWidgets().isEmpty(), qPrintable(unnamedWidgets().join(", ")));

    expectDialog([](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("First Campaign");
        input.accept();
    });
    QTest::mouseClick(child<QPushButton>("welcomeCreateCampaignButton"), Qt::LeftButton);
    QVERIFY(!m_window->isWelcoming());
    QVERIFY(child<QTabWidget>("mainTabWidget")->isVisible());
    QCOMPARE(child<QComboBox>("campaignComboBox")->currentText(), QString("First Campaign"));
    QVERIFY(child<QAction>("addSendersAction")->isEnabled());
    m_window.reset();
}

void TestMainWindow::welcomePageImportsIntoANewCampaign()
{
    m_window.reset();
    StoreFixture empty;
    QVERIFY(empty.ok());
    auto db = Database::open(empty.url());
    QVERIFY(db);
    m_window = std::make_unique<MainWindow>(std::move(*db));
    DialogRunner::setHandler([this](QDialog& dialog) {
        m_handlers.takeFirst()(dialog);
        return dialog.result();
    });
    m_window->show();
    expectDialog([](QDialog& dialog) {
        QCOMPARE(dialog.objectName(), QString("newCampaignDialog"));
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("Imported");
        input.accept();
    });
    expectDialog([](QDialog& dialog) {
        QCOMPARE(dialog.objectName(), QString("importContactsDialog"));
        // No senders yet: nothing to deal to.
        QVERIFY(!dialog.findChild<QCheckBox*>("dealCheckBox")->isEnabled());
        dialog.findChild<QPushButton*>("okButton")->click();
    });
    QString summary;
    expectDialog([&](QDialog& dialog) {
        summary = dialog.findChild<QLabel*>("summaryLabel")->text();
        QVERIFY(!dialog.findChild<QTableWidget*>("rejectedTableWidget")->isVisibleTo(&dialog));
        dialog.accept();
    });
    FileDialog::setNextFileName(writeFile("two.csv", "phone,name\n415-230-1001,Ann\n415-230-1002,Bob\n"));
    QTest::mouseClick(child<QPushButton>("welcomeImportContactsButton"), Qt::LeftButton);
    QTRY_VERIFY(m_handlers.isEmpty());
    QCOMPARE(summary, QString("Imported 2 contacts into \"Imported\". The new conversations wait in Unassigned."));
    QVERIFY(!m_window->isWelcoming());
    QVERIFY(m_window->conversationsTab()->findChild<QLabel*>("totalCountLabel")->text().contains(">2<"));
    m_window.reset();
}

void TestMainWindow::welcomePageOpensTheDemo()
{
    m_window.reset();
    StoreFixture empty;
    QVERIFY(empty.ok());
    auto db = Database::open(empty.url());
    QVERIFY(db);
    m_window = std::make_unique<MainWindow>(std::move(*db));
    m_window->show();
    QTest::mouseClick(child<QPushButton>("welcomeOpenDemoButton"), Qt::LeftButton);
    QVERIFY(m_window->isBusy());
    QVERIFY(!child<QPushButton>("welcomeOpenDemoButton")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentCampaignId() != 0, 30000);
    QTRY_VERIFY(!m_window->isBusy());
    QVERIFY(!m_window->isWelcoming());
    QVERIFY(child<QListView>("senderListView")->model()->rowCount() > 2);
    QVERIFY(m_window->conversationsTab()->reassignSomeAction()->isEnabled());
    QVERIFY(m_window->statusBar()->currentMessage().startsWith("Created the demo campaign"));
    m_window.reset();
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
