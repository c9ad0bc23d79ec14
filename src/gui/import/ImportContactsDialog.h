#pragma once

#include "core/Campaign.h"
#include "core/ContactColumnMapping.h"

#include <QDialog>
#include <QStringList>

#include <memory>

class QComboBox;

namespace Handoff {

namespace Ui {
class ImportContactsDialog;
}

// Before a contact file is read: its first rows, which column holds which field
// (guessed from the header, changeable per field), and whether to deal the new
// conversations out to chosen senders with the fair split. It only collects the
// choice; the import reads the whole file.
class ImportContactsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportContactsDialog)

public:
    static constexpr int PreviewRows = 8;

    // senders are the campaign's, who the contacts can be dealt to.
    ImportContactsDialog(const QString& path, const QVector<CampaignSender>& senders, QWidget* parent = nullptr);
    ~ImportContactsDialog() override;

    ContactColumnMapping mapping() const;
    // Empty: the new conversations wait in Unassigned.
    QVector<SenderId> dealTo() const;
    // A Spoke export naming texters, and the user chose to give each conversation to its texter.
    bool assignFromExport() const;
    // The country of numbers written without a country code, e.g. "US". Remembered for
    // the next import; at first the system's country when the phone library knows it.
    QString region() const;

    void accept() override;

private:
    void fillRegions();
    void fillSenders(const QVector<CampaignSender>& senders);
    void readPreview(const QString& path);
    void fillFieldCombo(QComboBox* combo, int column);
    void refreshState();

    QStringList m_header;
    QString m_readError;
    QString m_problem;
    std::unique_ptr<Ui::ImportContactsDialog> m_ui;
};

} // namespace Handoff
