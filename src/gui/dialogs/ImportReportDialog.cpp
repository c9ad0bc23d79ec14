#include "ImportReportDialog.h"

#include "FileDialog.h"
#include "MessageBox.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Handoff {

ImportReportDialog::ImportReportDialog(const QString& title, const QString& summary,
                                       const QVector<RejectedLine>& rejected, const QString& sourcePath,
                                       QWidget* parent)
    : QDialog(parent)
    , m_summary(summary)
    , m_sourcePath(sourcePath)
    , m_rejected(rejected)
{
    setObjectName(QStringLiteral("importReportDialog"));
    setWindowTitle(title);
    setAccessibleName(title);

    auto* layout = new QVBoxLayout(this);
    auto* summaryLabel = new QLabel(summary, this);
    summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    summaryLabel->setWordWrap(true);
    summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summaryLabel);

    auto* rejectedLabel = new QLabel(rejected.isEmpty()
                                         ? tr("No line was rejected.")
                                         : (rejected.size() == 1 ? tr("1 line was left out:")
                                                                 : tr("%1 lines were left out:").arg(rejected.size())),
                                     this);
    rejectedLabel->setObjectName(QStringLiteral("rejectedLabel"));
    layout->addWidget(rejectedLabel);

    m_table = new QTableWidget(int(rejected.size()), 2, this);
    m_table->setObjectName(QStringLiteral("rejectedTableWidget"));
    m_table->setAccessibleName(tr("Rejected lines"));
    m_table->setHorizontalHeaderLabels({tr("Line"), tr("Reason")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int i = 0; i < rejected.size(); ++i) {
        auto* line = new QTableWidgetItem;
        line->setData(Qt::DisplayRole, rejected[i].line);
        m_table->setItem(i, 0, line);
        m_table->setItem(i, 1, new QTableWidgetItem(rejected[i].reason));
    }
    m_table->resizeColumnToContents(0);
    m_table->setVisible(!rejected.isEmpty());
    layout->addWidget(m_table, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* close = buttons->button(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("closeButton"));
    QPushButton* save = buttons->addButton(tr("&Save Report…"), QDialogButtonBox::ActionRole);
    save->setObjectName(QStringLiteral("saveReportButton"));
    save->setAccessibleName(tr("Save Report"));
    save->setAutoDefault(false);
    layout->addWidget(buttons);
    connect(save, &QPushButton::clicked, this, &ImportReportDialog::saveReport);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    resize(640, rejected.isEmpty() ? sizeHint().height() : 420);
}

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
