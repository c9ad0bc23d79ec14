#pragma once

#include "core/MessageLogFormat.h"

#include <QDialog>
#include <QStringList>

#include <memory>

class QComboBox;

namespace Handoff {

namespace Ui {
class ImportEventsDialog;
}

// Before a file of message events is read: its format (recognised, or chosen), the first
// rows as Handoff understood them (phone, direction, time, sender, text, or why a line
// will be left out), the zone of dates written without one, and for any other CSV which
// column holds each field. It only collects the choice; the import reads the whole file.
class ImportEventsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportEventsDialog)

public:
    static constexpr int PreviewRows = 8;

    explicit ImportEventsDialog(const QString& path, QWidget* parent = nullptr);
    ~ImportEventsDialog() override;

    MessageLogOptions options() const;

private:
    void fillColumnCombo(QComboBox* combo, bool optional);
    void refreshPreview();

    QString m_path;
    QStringList m_header;
    QString m_problem;
    std::unique_ptr<Ui::ImportEventsDialog> m_ui;
};

} // namespace Handoff
