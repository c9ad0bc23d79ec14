#pragma once

#include "core/Campaign.h"

#include <QWidget>

#include <memory>

class QPushButton;

namespace Handoff {

namespace Ui {
class ConversationPane;
}

// The open conversation: who it is with, its message thread, and under it the
// Opt-Out and Hold buttons and, directly below them, Reassign. It only shows; the tab acts.
class ConversationPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationPane)

public:
    explicit ConversationPane(QWidget* parent = nullptr);
    ~ConversationPane() override;

    void showConversation(const Conversation& conversation, const QVector<Message>& messages);
    // No conversation open: says what to do to open one.
    void showHint(const QString& hint);

    QPushButton* optOutButton() const;
    QPushButton* reassignButton() const;
    QPushButton* holdButton() const;

signals:
    void optOutClicked();
    void holdClicked();
    void reassignClicked();

protected:
    void changeEvent(QEvent* event) override;

private:
    QString threadHtml() const;

    std::unique_ptr<Ui::ConversationPane> m_ui;
    Conversation m_conversation;
    QVector<Message> m_messages;
};

} // namespace Handoff
