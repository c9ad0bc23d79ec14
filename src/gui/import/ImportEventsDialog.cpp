#include "gui/import/ImportEventsDialog.h"

#include "core/GzipDevice.h"
#include "core/MessageLogReader.h"
#include "import/ui_ImportEventsDialog.h"

#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLocale>
#include <QSettings>
#include <QTimeZone>

#include <algorithm>

namespace Handoff {

namespace {
// The country the contact import last used: the same campaign's numbers.
const QString ContactRegionSettingKey = QStringLiteral("import/region");
const QString EventsZoneSettingKey = QStringLiteral("import/eventsTimeZone");

// The first bytes of the file, decompressed when it is gzip: what the mapping's columns come from.
QByteArray eventsFileHead(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (GzipDevice::isGzip(file.peek(2))) {
        GzipDevice gzip(&file);
        if (!gzip.open(QIODevice::ReadOnly))
            return {};
        return gzip.read(16 * 1024);
    }
    return file.read(16 * 1024);
}

enum PreviewColumn
{
    PreviewLineColumn,
    PreviewPhoneColumn,
    PreviewDirectionColumn,
    PreviewAtColumn,
    PreviewSenderColumn,
    PreviewTextColumn,
    PreviewNoteColumn,
    PreviewColumnCount,
};
} // namespace

ImportEventsDialog::ImportEventsDialog(const QString& path, QWidget* parent)
    : QDialog(parent)
    , m_path(path)
    , m_ui(std::make_unique<Ui::ImportEventsDialog>())
{
    setObjectName(QStringLiteral("importEventsDialog"));
    m_ui->setupUi(this);
    m_ui->fileLabel->setText(tr("From <b>%1</b>:").arg(QFileInfo(path).fileName().toHtmlEscaped()));
    m_ui->fileLabel->setToolTip(path);

    for (MessageLogFormat format : MessageLogFormats::all())
        m_ui->formatComboBox->addItem(MessageLogFormats::title(format), int(format));

    m_ui->timeZoneComboBox->addItem(QStringLiteral("UTC"), QByteArray("UTC"));
    QList<QByteArray> zones = QTimeZone::availableTimeZoneIds();
    std::sort(zones.begin(), zones.end());
    for (const QByteArray& zone : std::as_const(zones)) {
        if (zone != "UTC" && zone.contains('/'))
            m_ui->timeZoneComboBox->addItem(QString::fromUtf8(zone), zone);
    }
    const int savedZone = m_ui->timeZoneComboBox->findData(QSettings().value(EventsZoneSettingKey).toByteArray());
    m_ui->timeZoneComboBox->setCurrentIndex(qMax(0, savedZone));

    m_header = MessageLogReader::csvHeader(eventsFileHead(path));
    fillColumnCombo(m_ui->phoneColumnComboBox, false);
    fillColumnCombo(m_ui->directionColumnComboBox, false);
    fillColumnCombo(m_ui->bodyColumnComboBox, false);
    fillColumnCombo(m_ui->atColumnComboBox, false);
    fillColumnCombo(m_ui->senderColumnComboBox, true);
    fillColumnCombo(m_ui->numberColumnComboBox, true);
    fillColumnCombo(m_ui->idColumnComboBox, true);

    QTableWidget* preview = m_ui->previewTableWidget;
    preview->setColumnCount(PreviewColumnCount);
    preview->setHorizontalHeaderLabels({ tr("Line"), tr("Phone"), tr("Direction"), tr("Sent at (UTC)"), tr("Sender"),
        tr("Text"), tr("Note") });
    preview->verticalHeader()->hide();
    preview->verticalHeader()->setDefaultSectionSize(preview->fontMetrics().height() + 8);
    preview->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    preview->horizontalHeader()->setSectionResizeMode(PreviewTextColumn, QHeaderView::Stretch);

    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(tr("Import"));
    ok->setAccessibleName(tr("Import"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    for (QComboBox* combo : { m_ui->formatComboBox, m_ui->timeZoneComboBox, m_ui->phoneColumnComboBox,
             m_ui->directionColumnComboBox, m_ui->bodyColumnComboBox, m_ui->atColumnComboBox,
             m_ui->senderColumnComboBox, m_ui->numberColumnComboBox, m_ui->idColumnComboBox })
        connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this, &ImportEventsDialog::refreshPreview);
    for (QLineEdit* edit : { m_ui->inboundValueLineEdit, m_ui->outboundValueLineEdit })
        connect(edit, &QLineEdit::textChanged, this, &ImportEventsDialog::refreshPreview);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (m_problem.isEmpty()) {
            QSettings().setValue(EventsZoneSettingKey, m_ui->timeZoneComboBox->currentData().toByteArray());
            accept();
        }
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refreshPreview();
}

ImportEventsDialog::~ImportEventsDialog() = default;

void ImportEventsDialog::fillColumnCombo(QComboBox* combo, bool optional)
{
    combo->addItem(optional ? tr("(none)") : tr("(choose a column)"), QString());
    for (int c = 0; c < m_header.size(); ++c)
        combo->addItem(tr("Column %1: %2").arg(c + 1).arg(m_header[c]), m_header[c]);
}

MessageLogOptions ImportEventsDialog::options() const
{
    MessageLogOptions options;
    options.format = MessageLogFormat(m_ui->formatComboBox->currentData().toInt());
    options.region = QSettings().value(ContactRegionSettingKey, QStringLiteral("US")).toString();
    const QByteArray zone = m_ui->timeZoneComboBox->currentData().toByteArray();
    options.zone = zone == "UTC" ? QTimeZone::utc() : QTimeZone(zone);
    if (options.format == MessageLogFormat::Mapped) {
        options.mapping.phone = m_ui->phoneColumnComboBox->currentData().toString();
        options.mapping.direction = m_ui->directionColumnComboBox->currentData().toString();
        options.mapping.body = m_ui->bodyColumnComboBox->currentData().toString();
        options.mapping.at = m_ui->atColumnComboBox->currentData().toString();
        options.mapping.sender = m_ui->senderColumnComboBox->currentData().toString();
        options.mapping.number = m_ui->numberColumnComboBox->currentData().toString();
        options.mapping.id = m_ui->idColumnComboBox->currentData().toString();
        options.mapping.inboundValue = m_ui->inboundValueLineEdit->text().trimmed();
        options.mapping.outboundValue = m_ui->outboundValueLineEdit->text().trimmed();
    }
    return options;
}

void ImportEventsDialog::refreshPreview()
{
    const MessageLogOptions chosen = options();
    const bool mapped = chosen.format == MessageLogFormat::Mapped;
    m_ui->mappingGroupBox->setEnabled(mapped);

    QTableWidget* preview = m_ui->previewTableWidget;
    preview->setRowCount(0);
    m_problem.clear();
    if (mapped)
        m_problem = chosen.mapping.problem();

    QString detected;
    if (m_problem.isEmpty()) {
        // Read just enough of the file for the first rows, the bad ones among them.
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly)) {
            m_problem = tr("Cannot read %1: %2").arg(m_path, file.errorString());
        } else {
            MessageLogReader reader(chosen);
            QVector<MessageEvent> events;
            reader.setStopCheck([&] { return events.size() + reader.rejectedLines().size() >= PreviewRows; });
            const bool parsed
                = reader.parse(file, [&](const QVector<MessageEvent>& batch) { events += batch; }, 1);
            if (!parsed) {
                m_problem = reader.errorString();
            } else {
                const QString title = MessageLogFormats::title(reader.format());
                detected = chosen.format == MessageLogFormat::Auto
                    ? tr("Recognised as: %1.").arg(title)
                    : tr("Read as: %1.").arg(title);
                if (reader.compressed())
                    detected += QLatin1Char(' ') + tr("The file is compressed (gzip).");
                struct Row
                {
                    int line;
                    const MessageEvent* event;
                    QString reason;
                };
                QVector<Row> rows;
                for (const MessageEvent& e : std::as_const(events))
                    rows.append({ e.line, &e, QString() });
                const QVector<RejectedLine> rejected = reader.rejectedLines();
                for (const RejectedLine& r : rejected)
                    rows.append({ r.line, nullptr, r.reason });
                std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.line < b.line; });
                if (rows.size() > PreviewRows)
                    rows.resize(PreviewRows);
                preview->setRowCount(int(rows.size()));
                const QLocale locale;
                for (int r = 0; r < rows.size(); ++r) {
                    const Row& row = rows[r];
                    preview->setItem(r, PreviewLineColumn, new QTableWidgetItem(QString::number(row.line)));
                    if (!row.event) {
                        preview->setItem(r, PreviewNoteColumn, new QTableWidgetItem(tr("Left out: %1").arg(row.reason)));
                        continue;
                    }
                    const MessageEvent& e = *row.event;
                    preview->setItem(r, PreviewPhoneColumn, new QTableWidgetItem(e.phone));
                    preview->setItem(r, PreviewDirectionColumn,
                        new QTableWidgetItem(e.direction == MessageDirection::Inbound ? tr("from the contact")
                                                                                      : tr("to the contact")));
                    preview->setItem(r, PreviewAtColumn,
                        new QTableWidgetItem(e.at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
                    preview->setItem(r, PreviewSenderColumn, new QTableWidgetItem(e.sender.isEmpty() ? e.senderNumber : e.sender));
                    preview->setItem(r, PreviewTextColumn,
                        new QTableWidgetItem(QString(e.body).replace(QLatin1Char('\n'), QLatin1Char(' '))));
                    if (e.failed)
                        preview->setItem(r, PreviewNoteColumn, new QTableWidgetItem(tr("Failed: not counted as sent")));
                }
            }
        }
    }
    m_ui->detectedLabel->setText(detected);
    m_ui->detectedLabel->setVisible(!detected.isEmpty());
    m_ui->messageLabel->setText(m_problem);
    m_ui->messageLabel->setVisible(!m_problem.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

} // namespace Handoff
