#pragma once

#include <QString>
#include <QTest>

namespace Handoff {

// One run of handoff-cli as a test sees it: its exit code and what it wrote.
struct CliRun
{
    int code = -1;
    QString out;
    QString err;
};

} // namespace Handoff

// Standard error first: when a run fails, its message says why better than its output.
#define QCOMPARE_RUN(run, expectedCode, expectedOut, expectedErr)                                            \
    do {                                                                                                     \
        const Handoff::CliRun& r_ = (run);                                                                   \
        QCOMPARE(r_.err, QString(expectedErr));                                                              \
        QCOMPARE(r_.out, QString(expectedOut));                                                              \
        QCOMPARE(r_.code, expectedCode);                                                                     \
    } while (false)
