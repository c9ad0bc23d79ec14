#pragma once

#include <QDialog>
#include <QFileInfoList>

#include <memory>

namespace Handoff {

namespace Ui {
class StoreRecoveryDialog;
}

// Says that the store Handoff starts on is damaged, in a manager's words, and asks
// what to do instead: restore one of its backups, start a new store, or open another
// file. Only asks; StoreRecovery does what was chosen.
class StoreRecoveryDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreRecoveryDialog)

public:
    enum class Choice {
        RestoreBackup,
        NewStore,
        OpenOther,
    };

    // backups newest first; problem is what SQLite said.
    StoreRecoveryDialog(const QString& storePath, const QString& problem, const QFileInfoList& backups,
                        QWidget* parent = nullptr);
    ~StoreRecoveryDialog() override;

    Choice choice() const;
    // The backup chosen to restore; empty unless choice() is RestoreBackup.
    QString backup() const;

private:
    void updateChoice();

    std::unique_ptr<Ui::StoreRecoveryDialog> m_ui;
    QString m_storeName;
};

} // namespace Handoff
