#include "controller/CampaignService.h"
#include "controller/RuleService.h"
#include "gui/MessageBox.h"
#include "gui/rules/RulesTab.h"
#include "storage/RuleStore.h"
#include "WindowTestCase.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

using namespace Handoff;

// The Rules tab: a campaign's sweep rules, in order, added, edited, reordered,
// switched on and off, removed.
class TestRulesTab : public WindowTestCase
{
    Q_OBJECT

private slots:
    void ctrl4ShowsTheRulesAndPresetsAddThemOnce();
    void addRuleThroughTheDialog();
    void dialogKeepsARefusedRuleOpenWithTheReason();
    void tickingAndReorderingAndRemoving();
    void archivedCampaignShowsRulesReadOnly();
    void previewThenSweepNowMoveWhatThePresetsSay();
    void sweepWhileOpenRunsBehindTheWindow();

private:
    QStringList rows() const;
    QTreeWidget* tree() const { return child<QTreeWidget>("rulesTreeWidget"); }
    void selectRow(int row);
};

QStringList TestRulesTab::rows() const
{
    QStringList result;
    for (int i = 0; i < tree()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = tree()->topLevelItem(i);
        result << QString("%1 [%2] %3 | %4")
                      .arg(item->text(0), item->checkState(1) == Qt::Checked ? "x" : " ", item->text(1), item->text(2));
    }
    return result;
}

void TestRulesTab::selectRow(int row)
{
    QTreeWidgetItem* item = tree()->topLevelItem(row);
    QVERIFY(item);
    tree()->setCurrentItem(item);
    QVERIFY(item->isSelected());
}

void TestRulesTab::ctrl4ShowsTheRulesAndPresetsAddThemOnce()
{
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(child<QTabWidget>("mainTabWidget")->currentWidget(), m_window->rulesTab());
    QCOMPARE(tree()->topLevelItemCount(), 0);
    QVERIFY(!child<QPushButton>("editRuleButton")->isEnabled());

    QTest::mouseClick(child<QPushButton>("addPresetsButton"), Qt::LeftButton);
    QCOMPARE(rows(),
             (QStringList{"1 [x] Replies waiting over 30 minutes go to sweepers on shift | Replies waiting at least 30 "
                          "min of senders who are not sweepers go to sweepers on shift, balanced.",
                          "2 [x] Untexted contacts of senders who are done for today go back to Unassigned | "
                          "Untexted contacts of senders who are away or done for today go back to Unassigned.",
                          "3 [x] Unassigned untexted contacts go to senders on shift, balanced, at most 200 each | "
                          "Untexted contacts in Unassigned go to senders on shift, balanced, at most 200 open each."}));
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Added 3 preset rules."));
    QTest::mouseClick(child<QPushButton>("addPresetsButton"), Qt::LeftButton);
    QCOMPARE(tree()->topLevelItemCount(), 3);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("The campaign has every preset already."));
}

void TestRulesTab::addRuleThroughTheDialog()
{
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    QString description;
    expectDialog([&](QDialog& dialog) {
        QCOMPARE(dialog.windowTitle(), QString("New Rule"));
        QTest::keyClicks(dialog.findChild<QLineEdit*>("nameLineEdit"), "Quiet senders to Dee");
        dialog.findChild<QComboBox*>("statusComboBox")->setCurrentIndex(0);  // Needs Reply
        dialog.findChild<QCheckBox*>("waitCheckBox")->setChecked(true);
        dialog.findChild<QSpinBox*>("waitSpinBox")->setValue(90);
        dialog.findChild<QComboBox*>("fromComboBox")->setCurrentIndex(3);   // idle
        QVERIFY(dialog.findChild<QSpinBox*>("idleSpinBox")->isVisibleTo(&dialog));
        dialog.findChild<QSpinBox*>("idleSpinBox")->setValue(1);
        dialog.findChild<QComboBox*>("idleUnitComboBox")->setCurrentIndex(1); // hours
        dialog.findChild<QComboBox*>("toComboBox")->setCurrentIndex(2);     // named
        auto* targets = dialog.findChild<QListWidget*>("targetsListWidget");
        QVERIFY(targets->isVisibleTo(&dialog));
        // Naming nobody is not a rule yet.
        QVERIFY(!dialog.findChild<QDialogButtonBox*>("buttonBox")->button(QDialogButtonBox::Ok)->isEnabled());
        targets->findItems("Dee Park", Qt::MatchExactly).first()->setCheckState(Qt::Checked);
        dialog.findChild<QCheckBox*>("maxCheckBox")->setChecked(true);
        dialog.findChild<QSpinBox*>("maxSpinBox")->setValue(25);
        description = dialog.findChild<QLabel*>("descriptionLabel")->text();
        QTest::mouseClick(dialog.findChild<QPushButton*>("okButton"), Qt::LeftButton);
    });
    QTest::mouseClick(child<QPushButton>("addRuleButton"), Qt::LeftButton);
    const QString said("Replies waiting at least 1 h 30 min of senders who have not texted for 1 h go to Dee Park "
                       "(when on shift), at most 25 a sweep.");
    QCOMPARE(description, said);
    QCOMPARE(rows(), QStringList{"1 [x] Quiet senders to Dee | " + said});
    const SweepRule stored = RuleStore(m_fx->db()).rules(m_campaign).constFirst();
    QCOMPARE(stored.minWaitSeconds, 5400);
    QCOMPARE(stored.idleSeconds, 3600);
    QCOMPARE(stored.targets, QVector<SenderId>{m_dee});
    QCOMPARE(stored.maxPerRun, 25);

    // Edit it: the dialog shows it as stored; Unassigned as target drops the names.
    selectRow(0);
    expectDialog([&](QDialog& dialog) {
        QCOMPARE(dialog.windowTitle(), QString("Edit Rule"));
        QCOMPARE(dialog.findChild<QSpinBox*>("waitSpinBox")->value(), 90);
        QCOMPARE(dialog.findChild<QComboBox*>("idleUnitComboBox")->currentIndex(), 1);
        dialog.findChild<QComboBox*>("toComboBox")->setCurrentIndex(3);
        QTest::mouseClick(dialog.findChild<QPushButton*>("okButton"), Qt::LeftButton);
    });
    QTest::mouseClick(child<QPushButton>("editRuleButton"), Qt::LeftButton);
    QCOMPARE(rows(), QStringList{"1 [x] Quiet senders to Dee | Replies waiting at least 1 h 30 min of senders who "
                                 "have not texted for 1 h go back to Unassigned, at most 25 a sweep."});
}

void TestRulesTab::dialogKeepsARefusedRuleOpenWithTheReason()
{
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    QTest::mouseClick(child<QPushButton>("addPresetsButton"), Qt::LeftButton);
    bool stillOpen = false;
    QString message;
    expectDialog([&](QDialog& dialog) {
        QTest::keyClicks(dialog.findChild<QLineEdit*>("nameLineEdit"),
                         "Replies waiting over 30 minutes go to sweepers on shift");
        QTest::mouseClick(dialog.findChild<QPushButton*>("okButton"), Qt::LeftButton);
        stillOpen = dialog.result() != QDialog::Accepted;
        message = dialog.findChild<QLabel*>("messageLabel")->text();
        dialog.reject();
    });
    QTest::mouseClick(child<QPushButton>("addRuleButton"), Qt::LeftButton);
    QVERIFY(stillOpen);
    QCOMPARE(message,
             QString("The campaign already has a rule named \"Replies waiting over 30 minutes go to sweepers on shift\"."));
    QCOMPARE(tree()->topLevelItemCount(), 3);
}

void TestRulesTab::tickingAndReorderingAndRemoving()
{
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    QTest::mouseClick(child<QPushButton>("addPresetsButton"), Qt::LeftButton);
    tree()->topLevelItem(0)->setCheckState(1, Qt::Unchecked);
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QString("The rule \"Replies waiting over 30 minutes go to sweepers on shift\" is off."));
    QVERIFY(!RuleStore(m_fx->db()).rules(m_campaign).constFirst().enabled);

    selectRow(0);
    QVERIFY(!child<QPushButton>("moveUpButton")->isEnabled());
    QTest::mouseClick(child<QPushButton>("moveDownButton"), Qt::LeftButton);
    QStringList order;
    for (const SweepRule& r : RuleStore(m_fx->db()).rules(m_campaign))
        order << QString("%1%2").arg(r.position).arg(r.name.left(10));
    QCOMPARE(order, (QStringList{"1Untexted c", "2Replies wa", "3Unassigned"}));
    // The moved rule stays selected, so it can be moved again.
    QCOMPARE(tree()->currentItem()->text(0), QString("2"));
    QCOMPARE(tree()->currentItem()->checkState(1), Qt::Unchecked);

    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(child<QPushButton>("removeRuleButton"), Qt::LeftButton);
    QCOMPARE(MessageBox::lastText(),
             QString("Remove the rule \"Replies waiting over 30 minutes go to sweepers on shift\"? Sweeps will no "
                     "longer run it."));
    QCOMPARE(tree()->topLevelItemCount(), 2);
    QCOMPARE(tree()->topLevelItem(1)->text(0), QString("2"));
    QCOMPARE(RuleStore(m_fx->db()).rules(m_campaign).size(), 2);
}

void TestRulesTab::archivedCampaignShowsRulesReadOnly()
{
    QVERIFY(CampaignService(m_fx->db()).addSender(m_campaign, "Fay", {}, false).ok());
    QVERIFY(RuleService(m_fx->db()).addPresets(m_campaign).ok());
    QVERIFY(CampaignService(m_fx->db()).setArchived(m_campaign, true).ok());
    m_window->reloadCampaigns();
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(tree()->topLevelItemCount(), 3);
    for (const char* name : {"addRuleButton", "addPresetsButton", "editRuleButton", "removeRuleButton",
                             "moveUpButton", "moveDownButton"})
        QVERIFY2(!child<QPushButton>(name)->isEnabled(), name);
    // Unticking an archived campaign's rule changes nothing.
    tree()->topLevelItem(0)->setCheckState(1, Qt::Unchecked);
    QVERIFY(RuleStore(m_fx->db()).rules(m_campaign).constFirst().enabled);
    QCOMPARE(tree()->topLevelItem(0)->checkState(1), Qt::Checked);
}

void TestRulesTab::previewThenSweepNowMoveWhatThePresetsSay()
{
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    QTest::mouseClick(child<QPushButton>("addPresetsButton"), Qt::LeftButton);
    const QMap<qint64, SenderId> before = m_fx->owners(m_campaign);

    QTest::mouseClick(child<QPushButton>("previewSweepButton"), Qt::LeftButton);
    QTRY_VERIFY(!m_window->rulesTab()->isSweeping());
    auto* result = child<QTreeWidget>("sweepResultTreeWidget");
    QCOMPARE(result->topLevelItemCount(), 3);
    QCOMPARE(result->topLevelItem(0)->text(1), QString("5"));
    QCOMPARE(result->topLevelItem(0)->childCount(), 2);
    QCOMPARE(result->topLevelItem(0)->child(0)->text(0), QString("→ Cruz Lee"));
    QCOMPARE(result->topLevelItem(0)->child(0)->text(1), QString("3"));
    QCOMPARE(result->topLevelItem(0)->child(1)->text(0), QString("→ Dee Park"));
    QCOMPARE(result->topLevelItem(0)->child(1)->text(1), QString("2"));
    QCOMPARE(result->topLevelItem(1)->text(1), QString("0"));
    QCOMPARE(result->topLevelItem(2)->text(1), QString("3"));
    QVERIFY(child<QLabel>("sweepResultLabel")->text().endsWith("the sweep would move 8 conversations."));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), 0);

    QTest::mouseClick(child<QPushButton>("sweepNowButton"), Qt::LeftButton);
    QTRY_VERIFY(!m_window->rulesTab()->isSweeping());
    // Longest waiting first, each to the sweeper then holding the least open work.
    QCOMPARE(m_fx->ownerOf(m_a1), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_b1), m_dee);
    QCOMPARE(m_fx->ownerOf(m_a2), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_e1), m_dee);
    QCOMPARE(m_fx->ownerOf(m_a5), m_cruz);
    // The pool's untexted contacts go to whoever on shift holds the least.
    QCOMPARE(m_fx->ownerOf(m_u1), m_eli);
    QCOMPARE(m_fx->ownerOf(m_u2), m_ana);
    QCOMPARE(m_fx->ownerOf(m_u3), m_ben);
    QCOMPARE(m_fx->historySize(m_campaign), 2);
    QVERIFY(m_window->statusBar()->currentMessage().startsWith("Swept \"GOTV November\":"));
    // The rules show when they fired and what they moved.
    QCOMPARE(tree()->topLevelItem(0)->text(4), QString("5"));
    QCOMPARE(tree()->topLevelItem(1)->text(3), QString("never"));
    QCOMPARE(tree()->topLevelItem(2)->text(4), QString("3"));
    // Undo reverts the last rule's action like any other.
    // (The progress dialog took the focus; give it back as closing it would.)
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(m_fx->ownerOf(m_u1), UnassignedId);
    QCOMPARE(m_fx->ownerOf(m_a1), m_cruz);
}

void TestRulesTab::sweepWhileOpenRunsBehindTheWindow()
{
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    SweepRule r;
    r.campaignId = m_campaign;
    r.name = "Eli's replies";
    r.from = SweepRule::From::All;
    r.to = SweepRule::To::Named;
    r.targets = {m_dee};
    r.maxPerRun = 1;
    QVERIFY(RuleService(m_fx->db()).addRule(r).ok());
    m_window->rulesTab()->setSweepInterval(50);
    child<QCheckBox>("sweepWhileOpenCheckBox")->setChecked(true);
    // One reply a sweep, longest waiting first, until none is left.
    QTRY_COMPARE_WITH_TIMEOUT(m_fx->ownerOf(m_a5), m_dee, 10000);
    child<QCheckBox>("sweepWhileOpenCheckBox")->setChecked(false);
    QTRY_VERIFY(!m_window->rulesTab()->isSweeping());
    for (qint64 id : {m_a1, m_a2, m_a5, m_b1, m_e1})
        QCOMPARE(m_fx->ownerOf(id), m_dee);
    QVERIFY(m_fx->historySize(m_campaign) == 5);
    // The choice is remembered for the campaign.
    QVERIFY(QSettings().value(QString("rules/sweepWhileOpen/%1").arg(m_campaign)).isValid());
}

QTEST_MAIN(TestRulesTab)
#include "TestRulesTab.moc"
