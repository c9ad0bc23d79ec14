#include "controller/CampaignService.h"
#include "controller/RuleService.h"
#include "gui/MessageBox.h"
#include "gui/rules/RulesTab.h"
#include "storage/RuleStore.h"
#include "WindowTestCase.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
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

QTEST_MAIN(TestRulesTab)
#include "TestRulesTab.moc"
