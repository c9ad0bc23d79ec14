#pragma once

#include "Campaign.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTextBrowser;

namespace Handoff {

// The open conversation: who it is with, its message thread, and under it the
// Opt-Out button and, directly below that, Reassign. It only shows; the tab acts.
class ConversationPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationPane)

public:
    explicit ConversationPane(QWidget* parent = nullptr);

    void showConversation(const Conversation& conversation, const QVector<Message>& messages);
    // No conversation open: says what to do to open one.
    void showHint(const QString& hint);

    QPushButton* optOutButton() const { return m_optOutButton; }
    QPushButton* reassignButton() const { return m_reassignButton; }

signals:
    void optOutClicked();
    void reassignClicked();

protected:
    void changeEvent(QEvent* event) override;

private:
    QString threadHtml() const;

    QStackedWidget* m_stack = nullptr;
    QLabel* m_hintLabel = nullptr;
    QLabel* m_contactLabel = nullptr;
    QLabel* m_detailLabel = nullptr;
    QTextBrowser* m_thread = nullptr;
    QPushButton* m_optOutButton = nullptr;
    QPushButton* m_reassignButton = nullptr;
    Conversation m_conversation;
    QVector<Message> m_messages;
};

} // namespace Handoff
