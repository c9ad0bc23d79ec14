#include "gui/store/StoreRecoveryDialog.h"

#include "storage/StoreBackup.h"
#include "store/ui_StoreRecoveryDialog.h"

#include <QDir>
#include <QLocale>
#include <QPushButton>
#include <QStyle>

namespace Handoff {

StoreRecoveryDialog::StoreRecoveryDialog(const QString& storePath, const QString& problem,
                                         const QFileInfoList& backups, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::StoreRecoveryDialog>())
    , m_storeName(QFileInfo(storePath).fileName())
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("storeRecoveryDialog"));
    m_ui->setupUi(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_ui->iconLabel->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize));
    m_ui->explanationLabel->setText(
        tr("Handoff cannot read %1. Part of the file was overwritten or never written, as happens when the "
           "computer stops while saving (a power cut, a full disk) or a disk starts to fail. Handoff has not "
           "changed the file.")
            .arg(QDir::toNativeSeparators(storePath)));
    m_ui->detailsLabel->setText(tr("<small>Technical details: %1</small>").arg(problem.toHtmlEscaped()));

    QLocale locale;
    for (const QFileInfo& file : backups) {
        const QDateTime at = StoreBackup::takenAt(file).toLocalTime();
        auto* item = new QListWidgetItem(tr("%1, %2 (%3)").arg(locale.toString(at.date(), QLocale::LongFormat),
                                                               locale.toString(at.time(), QLocale::ShortFormat),
                                                               locale.formattedDataSize(file.size(), 1)),
                                         m_ui->backupListWidget);
        item->setData(Qt::UserRole, file.absoluteFilePath());
        item->setToolTip(QDir::toNativeSeparators(file.absoluteFilePath()));
    }
    const bool anyBackup = !backups.isEmpty();
    m_ui->backupsStackedWidget->setCurrentWidget(anyBackup ? m_ui->backupsPage : m_ui->noBackupsPage);
    m_ui->noBackupsLabel->setText(tr("There are no backups in %1.")
                                      .arg(QDir::toNativeSeparators(StoreBackup::folder(storePath))));
    m_ui->restoreRadioButton->setEnabled(anyBackup);
    if (anyBackup) {
        m_ui->backupListWidget->setCurrentRow(0);
        m_ui->restoreRadioButton->setChecked(true);
    } else {
        m_ui->newStoreRadioButton->setChecked(true);
    }

    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("continueButton"));
    ok->setText(tr("&Continue"));
    ok->setAccessibleName(tr("Continue"));
    QPushButton* quit = m_ui->buttonBox->button(QDialogButtonBox::Close);
    quit->setObjectName(QStringLiteral("quitButton"));
    quit->setText(tr("&Quit Handoff"));
    quit->setAccessibleName(tr("Quit Handoff"));

    for (QRadioButton* button : {m_ui->restoreRadioButton, m_ui->newStoreRadioButton, m_ui->openOtherRadioButton})
        connect(button, &QRadioButton::toggled, this, &StoreRecoveryDialog::updateChoice);
    // Picking a backup is choosing to restore it.
    connect(m_ui->backupListWidget, &QListWidget::itemClicked, this,
            [this] { m_ui->restoreRadioButton->setChecked(true); });
    updateChoice();
}

StoreRecoveryDialog::~StoreRecoveryDialog() = default;

StoreRecoveryDialog::Choice StoreRecoveryDialog::choice() const
{
    if (m_ui->restoreRadioButton->isChecked())
        return Choice::RestoreBackup;
    if (m_ui->newStoreRadioButton->isChecked())
        return Choice::NewStore;
    return Choice::OpenOther;
}

QString StoreRecoveryDialog::backup() const
{
    const QListWidgetItem* item = m_ui->backupListWidget->currentItem();
    return choice() == Choice::RestoreBackup && item ? item->data(Qt::UserRole).toString() : QString();
}

void StoreRecoveryDialog::updateChoice()
{
    // What becomes of the damaged file, said before anything is done to it.
    switch (choice()) {
    case Choice::RestoreBackup:
    case Choice::NewStore:
        m_ui->keptLabel->setText(tr("The damaged file is kept: it is renamed to %1.damaged-… in the same folder.")
                                     .arg(m_storeName));
        break;
    case Choice::OpenOther:
        m_ui->keptLabel->setText(tr("The damaged file stays as it is; Handoff asks again at its next start."));
        break;
    }
    m_ui->buttonBox->button(QDialogButtonBox::Ok)
        ->setEnabled(choice() != Choice::RestoreBackup || m_ui->backupListWidget->currentItem());
}

} // namespace Handoff
