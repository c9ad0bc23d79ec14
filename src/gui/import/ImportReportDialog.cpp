#include "gui/import/ImportReportDialog.h"

#include "gui/FileDialog.h"
#include "gui/MessageBox.h"
#include "import/ui_ImportReportDialog.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QPushButton>
#include <QSaveFile>

namespace Handoff {

ImportReportDialog::ImportReportDialog(const QString& title, const QString& summary,
                                       const QVector<RejectedLine>& rejected, const QString& sourcePath,
                                       QWidget* parent)
    : QDialog(parent)
    , m_summary(summary)
    , m_sourcePath(sourcePath)
    , m_rejected(rejected)
    , m_ui(std::make_unique<Ui::ImportReportDialog>())
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("importReportDialog"));
    m_ui->setupUi(this);
    setWindowTitle(title);
    setAccessibleName(title);
    m_ui->summaryLabel->setText(summary);
    m_ui->rejectedLabel->setText(rejected.isEmpty()
                                     ? tr("No line was rejected.")
                                     : (rejected.size() == 1 ? tr("1 line was left out:")
                                                             : tr("%1 lines were left out:").arg(rejected.size())));

    QTableWidget* table = m_ui->rejectedTableWidget;
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->setRowCount(int(rejected.size()));
    for (int i = 0; i < rejected.size(); ++i) {
        auto* line = new QTableWidgetItem;
        line->setData(Qt::DisplayRole, rejected[i].line);
        table->setItem(i, 0, line);
        table->setItem(i, 1, new QTableWidgetItem(rejected[i].reason));
    }
    table->resizeColumnToContents(0);
    table->setVisible(!rejected.isEmpty());

    // A form's button box holds only standard buttons; Save Report is added beside Close here.
    QPushButton* close = m_ui->buttonBox->button(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("closeButton"));
    QPushButton* save = m_ui->buttonBox->addButton(tr("&Save Report…"), QDialogButtonBox::ActionRole);
    save->setObjectName(QStringLiteral("saveReportButton"));
    save->setAccessibleName(tr("Save Report"));
    save->setAutoDefault(false);
    connect(save, &QPushButton::clicked, this, &ImportReportDialog::saveReport);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::accept);
    // The form's size; without rejected lines, only as tall as the summary.
    if (rejected.isEmpty())
        resize(width(), sizeHint().height());
}

ImportReportDialog::~ImportReportDialog() = default;

QString ImportReportDialog::reportText() const
{
    QString text = tr("%1\nFile: %2\n").arg(m_summary, m_sourcePath);
    if (m_rejected.isEmpty())
        return text + tr("No line was rejected.\n");
    text += tr("Rejected lines:\n");
    for (const RejectedLine& r : m_rejected)
        text += tr("Line %1: %2\n").arg(r.line).arg(r.reason);
    return text;
}

void ImportReportDialog::saveReport()
{
    const QString suggested = tr("%1 import report.txt").arg(QFileInfo(m_sourcePath).completeBaseName());
    const QString path = FileDialog::getSaveFileName(this, tr("Save Report"), suggested, tr("Text files (*.txt)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(reportText().toUtf8()) < 0 || !file.commit()) {
        MessageBox::warning(this, tr("Save Report"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
}

} // namespace Handoff
