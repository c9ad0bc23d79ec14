#include "gui/conversations/ConversationPane.h"

#include "models/ConversationTableModel.h"
#include "core/DisplayText.h"
#include "conversations/ui_ConversationPane.h"

#include <QEvent>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>

namespace Handoff {

ConversationPane::ConversationPane(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ConversationPane>())
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("conversationPane"));
    m_ui->setupUi(this);

    // Larger than the user's own font, which a form cannot know.
    QFont big = m_ui->contactNameLabel->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_ui->contactNameLabel->setFont(big);

    connect(m_ui->optOutButton, &QPushButton::clicked, this, &ConversationPane::optOutClicked);
    connect(m_ui->holdButton, &QPushButton::clicked, this, &ConversationPane::holdClicked);
    connect(
        m_ui->reassignConversationButton, &QPushButton::clicked, this, &ConversationPane::reassignClicked);
    showHint({});
}

ConversationPane::~ConversationPane() = default;

QPushButton* ConversationPane::optOutButton() const
{
    return m_ui->optOutButton;
}

QPushButton* ConversationPane::holdButton() const
{
    return m_ui->holdButton;
}

QPushButton* ConversationPane::reassignButton() const
{
    return m_ui->reassignConversationButton;
}

void ConversationPane::showHint(const QString& hint)
{
    m_conversation = {};
    m_messages.clear();
    m_ui->conversationHintLabel->setText(hint);
    m_ui->conversationStackedWidget->setCurrentIndex(0);
}

void ConversationPane::showConversation(const Conversation& conversation, const QVector<Message>& messages)
{
    m_conversation = conversation;
    m_messages = messages;
    m_ui->contactNameLabel->setText(DisplayText::visible(conversation.contactName()));
    const QString sender = conversation.senderId == UnassignedId ? tr("Unassigned") : conversation.senderName;
    m_ui->contactDetailLabel->setText(tr("%1 · %2 · %3")
                                          .arg(DisplayText::visible(conversation.phone),
                                               statusLabel(conversation.status), DisplayText::visible(sender)));
    // An opted-out contact can be opted back in, to undo a mistake.
    const QString optText = conversation.optedOut ? tr("Opt In") : tr("Opt-Out");
    m_ui->optOutButton->setText(optText);
    m_ui->optOutButton->setAccessibleName(optText);
    // A held conversation is released with the same button (and key).
    const QString holdText = conversation.held ? tr("Release") : tr("Hold");
    m_ui->holdButton->setText(holdText);
    m_ui->holdButton->setAccessibleName(holdText);
    m_ui->holdNoteLabel->setText(conversation.held
                                     ? (conversation.holdNote.isEmpty()
                                            ? tr("Held: bulk and sender actions leave it where it is.")
                                            : tr("Held (%1): bulk and sender actions leave it where it is.")
                                                  .arg(DisplayText::visible(conversation.holdNote)))
                                     : QString());
    m_ui->holdNoteLabel->setVisible(conversation.held);
    m_ui->messageThreadBrowser->setHtml(threadHtml());
    m_ui->messageThreadBrowser->verticalScrollBar()->setValue(
        m_ui->messageThreadBrowser->verticalScrollBar()->maximum());
    m_ui->conversationStackedWidget->setCurrentIndex(1);
}

void ConversationPane::changeEvent(QEvent* event)
{
    // The bubbles' colours follow the palette; redraw them when it changes. The form's
    // widgets are null until setupUi has made them.
    if (event->type() == QEvent::PaletteChange && m_ui->conversationStackedWidget
        && m_ui->conversationStackedWidget->currentIndex() == 1)
        m_ui->messageThreadBrowser->setHtml(threadHtml());
    QWidget::changeEvent(event);
}

QString ConversationPane::threadHtml() const
{
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const QString inboundBg = dark ? QStringLiteral("#3a3a3c") : QStringLiteral("#e9e9eb");
    const QString inboundFg = dark ? QStringLiteral("#f2f2f7") : QStringLiteral("#1c1c1e");
    const QString outboundBg = dark ? QStringLiteral("#0a64d6") : QStringLiteral("#1a73e8");
    const QString outboundFg = QStringLiteral("#ffffff");
    // A text the provider could not deliver: pale, and said in words beside the time.
    const QString failedBg = dark ? QStringLiteral("#4a2326") : QStringLiteral("#fbe3e4");
    const QString failedFg = dark ? QStringLiteral("#f2f2f7") : QStringLiteral("#5c1a1f");
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
                    .arg(inbound ? QStringLiteral("left") : QStringLiteral("right"),
                         inbound ? inboundBg : (m.failed ? failedBg : outboundBg),
                         inbound ? inboundFg : (m.failed ? failedFg : outboundFg), body, meta,
                         m.failed ? tr("%1 %2 · %3 · Failed: not delivered")
                                        .arg(QStringLiteral("▶"), DisplayText::visible(who).toHtmlEscaped(), when)
                                  : tr("%1 %2 · %3")
                                        .arg(inbound ? QStringLiteral("◀") : QStringLiteral("▶"),
                                             DisplayText::visible(who).toHtmlEscaped(), when));
    }
    return html;
}

} // namespace Handoff
