#pragma once

#include "core/DisplayText.h"

#include <QFile>
#include <QIODevice>
#include <QStringDecoder>
#include <QStringEncoder>
#include <cstdio>

namespace Handoff {

// stdout or stderr as handoff-cli writes to them: whatever a command prints — a name
// from the store, a line of an imported file quoted in a report, an argument echoed in
// an error — reaches the terminal with its control characters shown, never obeyed
// (DisplayText). Only the controls the output's own layout uses pass. JSON is written
// with every such character escaped, so it passes unchanged.
class VisibleOutput final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VisibleOutput)

public:
    VisibleOutput(FILE* stream, DisplayText::Kept kept);

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 size) override;

private:
    QFile m_file;
    DisplayText::Kept m_kept;
    // Stateful: a character whose UTF-8 bytes straddle two writes is read whole.
    QStringDecoder m_decoder { QStringDecoder::Utf8 };
    QStringEncoder m_encoder { QStringEncoder::Utf8 };
};

} // namespace Handoff
