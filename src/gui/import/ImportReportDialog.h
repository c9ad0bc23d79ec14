#pragma once

#include "core/RejectedLine.h"

#include <QDialog>
#include <QVector>

#include <memory>

namespace Handoff {

namespace Ui {
class ImportReportDialog;
}

// What an import did: a summary, then every line of the file that was left out and
// why, so the user can fix the file. The report can be saved as a text file.
class ImportReportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportReportDialog)

public:
    ImportReportDialog(const QString& title, const QString& summary, const QVector<RejectedLine>& rejected,
                       const QString& sourcePath, QWidget* parent = nullptr);
    ~ImportReportDialog() override;

    // The report as it is saved: the summary, then one rejected line a row.
    QString reportText() const;
    // Asks where to save the report (through FileDialog) and writes it there.
    void saveReport();

private:
    QString m_summary;
    QString m_sourcePath;
    QVector<RejectedLine> m_rejected;
    std::unique_ptr<Ui::ImportReportDialog> m_ui;
};

} // namespace Handoff
