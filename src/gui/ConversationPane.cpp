#include "ConversationPane.h"

#include "ConversationTableModel.h"
#include "DisplayText.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Handoff {

ConversationPane::ConversationPane(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("conversationPane"));
    setAccessibleName(tr("Conversation"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    m_hintLabel = new QLabel(m_stack);
    m_hintLabel->setObjectName(QStringLiteral("conversationHintLabel"));
    m_hintLabel->setAlignment(Qt::AlignCenter);
    m_hintLabel->setWordWrap(true);
    m_hintLabel->setEnabled(false);
    m_stack->addWidget(m_hintLabel);

    auto* page = new QWidget(m_stack);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_contactLabel = new QLabel(page);
    m_contactLabel->setObjectName(QStringLiteral("contactNameLabel"));
    QFont big = m_contactLabel->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_contactLabel->setFont(big);
    m_contactLabel->setAccessibleName(tr("Contact"));
    // A name is never markup, whatever angle brackets it holds.
    m_contactLabel->setTextFormat(Qt::PlainText);
    m_contactLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_contactLabel);
    m_detailLabel = new QLabel(page);
    m_detailLabel->setObjectName(QStringLiteral("contactDetailLabel"));
    m_detailLabel->setAccessibleName(tr("Contact Details"));
    m_detailLabel->setTextFormat(Qt::PlainText);
    m_detailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_detailLabel);

    m_thread = new QTextBrowser(page);
    m_thread->setObjectName(QStringLiteral("messageThreadBrowser"));
    m_thread->setAccessibleName(tr("Messages"));
    m_thread->setOpenLinks(false);
    layout->addWidget(m_thread, 1);

    m_optOutButton = new QPushButton(tr("Opt-Out"), page);
    m_optOutButton->setObjectName(QStringLiteral("optOutButton"));
    m_optOutButton->setAccessibleName(tr("Opt-Out"));
    layout->addWidget(m_optOutButton);
    m_reassignButton = new QPushButton(tr("Reassign"), page);
    m_reassignButton->setObjectName(QStringLiteral("reassignConversationButton"));
    m_reassignButton->setAccessibleName(tr("Reassign"));
    layout->addWidget(m_reassignButton);
    m_stack->addWidget(page);

    connect(m_optOutButton, &QPushButton::clicked, this, &ConversationPane::optOutClicked);
    connect(m_reassignButton, &QPushButton::clicked, this, &ConversationPane::reassignClicked);
    showHint({});
}

void ConversationPane::showHint(const QString& hint)
{
    m_conversation = {};
    m_messages.clear();
    m_hintLabel->setText(hint);
    m_stack->setCurrentIndex(0);
}

void ConversationPane::showConversation(const Conversation& conversation, const QVector<Message>& messages)
{
    m_conversation = conversation;
    m_messages = messages;
    m_contactLabel->setText(DisplayText::visible(conversation.contactName()));
    const QString sender = conversation.senderId == UnassignedId ? tr("Unassigned") : conversation.senderName;
    m_detailLabel->setText(tr("%1 · %2 · %3")
                               .arg(DisplayText::visible(conversation.phone), statusLabel(conversation.status),
                                    DisplayText::visible(sender)));
    // An opted-out contact can be opted back in, to undo a mistake.
    const QString optText = conversation.optedOut ? tr("Opt In") : tr("Opt-Out");
    m_optOutButton->setText(optText);
    m_optOutButton->setAccessibleName(optText);
    m_thread->setHtml(threadHtml());
    m_thread->verticalScrollBar()->setValue(m_thread->verticalScrollBar()->maximum());
    m_stack->setCurrentIndex(1);
}

void ConversationPane::changeEvent(QEvent* event)
{
    // The bubbles' colours follow the palette; redraw them when it changes.
    if (event->type() == QEvent::PaletteChange && m_stack && m_stack->currentIndex() == 1)
        m_thread->setHtml(threadHtml());
    QWidget::changeEvent(event);
}

QString ConversationPane::threadHtml() const
{
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const QString inboundBg = dark ? QStringLiteral("#3a3a3c") : QStringLiteral("#e9e9eb");
    const QString inboundFg = dark ? QStringLiteral("#f2f2f7") : QStringLiteral("#1c1c1e");
    const QString outboundBg = dark ? QStringLiteral("#0a64d6") : QStringLiteral("#1a73e8");
    const QString outboundFg = QStringLiteral("#ffffff");
    const QString meta = palette().color(QPalette::PlaceholderText).name();

    if (m_messages.isEmpty())
        return QStringLiteral("<p style=\"color:%1\">%2</p>").arg(meta, tr("No messages yet: the first text has not been sent."));
    QString html;
    for (const Message& m : m_messages) {
        const bool inbound = m.direction == MessageDirection::Inbound;
        const QString who = inbound ? m_conversation.contactName()
                                    : (m.senderName.isEmpty() ? tr("Sender") : m.senderName);
        const QString when = QLocale().toString(m.at.toLocalTime(), ConversationTableModel::activityFormat());
        // The contact wrote the body: its line breaks are kept, any other control or a bidi
        // override is shown rather than laid out.
        const QString body
            = DisplayText::paragraphs(m.body).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        html += QStringLiteral("<table width=\"78%\" align=\"%1\" cellpadding=\"7\" cellspacing=\"0\""
                               " style=\"margin-bottom:2px\"><tr><td bgcolor=\"%2\" style=\"color:%3\">%4</td></tr></table>"
                               "<p align=\"%1\" style=\"color:%5; font-size:small; margin-top:0; margin-bottom:8px\">%6</p>")
                    .arg(inbound ? QStringLiteral("left") : QStringLiteral("right"), inbound ? inboundBg : outboundBg,
                         inbound ? inboundFg : outboundFg, body, meta,
                         tr("%1 %2 · %3")
                             .arg(inbound ? QStringLiteral("◀") : QStringLiteral("▶"),
                                  DisplayText::visible(who).toHtmlEscaped(), when));
    }
    return html;
}

} // namespace Handoff
