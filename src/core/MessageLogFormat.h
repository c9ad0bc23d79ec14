#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace Handoff {

// The files of message events Handoff reads: its own, the message logs of Twilio and the
// message exports of Spoke, and any other CSV by naming its columns.
enum class MessageLogFormat
{
    Auto,
    Handoff,
    TwilioCsv,
    TwilioJson,
    Spoke,
    SpokeRewired,
    Mapped,
};

class MessageLogFormats
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::MessageLogFormats)

public:
    // Every format, Auto first, in the order the window and the command line offer them.
    static QVector<MessageLogFormat> all();
    // The command line's name: "auto", "handoff", "twilio-csv", …
    static QString name(MessageLogFormat format);
    static std::optional<MessageLogFormat> fromName(const QString& name);
    // What a person calls it: "Twilio message log (CSV)".
    static QString title(MessageLogFormat format);
    static bool isCsv(MessageLogFormat format);
};

// The columns of a CSV file of messages that no known format describes, by header name
// (matched ignoring case), and the values of its direction column.
struct MessageColumnMapping
{
    QString phone;
    QString direction;
    QString body;
    QString at;
    QString sender; // optional
    QString number; // optional: the number an outbound message went out from
    QString id;     // optional: the provider's id of each message
    QString inboundValue;
    QString outboundValue;

    // The fields of the command line's --map, in its order.
    static QStringList fieldNames();
    // Reads "phone=Number,direction=Type,body=Text,at=Date[,sender=Who][,number=From][,id=Ref]"; on a
    // mistake returns nothing and error says what is wrong.
    static std::optional<MessageColumnMapping> parse(const QString& spec, QString* error);
    QString column(const QString& field) const;
    void setColumn(const QString& field, const QString& column);
    // Empty when every required field has a column and both direction values are given;
    // otherwise what is missing, in a sentence.
    QString problem() const;
};

// How to read a file of message events.
struct MessageLogOptions
{
    MessageLogFormat format = MessageLogFormat::Auto;
    MessageColumnMapping mapping; // for MessageLogFormat::Mapped
    // The country of phones written without a country code (CSV formats).
    QString region = QStringLiteral("US");
    // The zone of dates written without one.
    QTimeZone zone = QTimeZone::utc();
};

} // namespace Handoff
