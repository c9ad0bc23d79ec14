#pragma once

#include <QByteArray>
#include <QString>
#include <cstdio>
#include <cstdlib>

// A broken invariant aborts: libFuzzer then saves the input as crash-…, exactly as for
// a fault the sanitizers find, and prints what was expected.
#define FUZZ_CHECK(condition, detail)                                                                        \
    do {                                                                                                     \
        if (!(condition))                                                                                    \
            ::HandoffFuzz::fail(#condition, __FILE__, __LINE__, (detail));                                   \
    } while (false)

namespace HandoffFuzz {

[[noreturn]] inline void fail(const char* condition, const char* file, int line, const QString& detail)
{
    std::fprintf(stderr, "\n==== invariant broken at %s:%d: %s\n==== %s\n", file, line, condition,
        detail.toUtf8().constData());
    std::fflush(stderr);
    std::abort();
}

// The fuzzer's bytes as a QByteArray, without a copy; valid during the call only.
inline QByteArray bytes(const unsigned char* data, std::size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
}

// Line breaks as the readers count them: CRLF, LF or a lone CR.
inline qsizetype lineBreaks(const QByteArray& text)
{
    qsizetype breaks = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == '\r' || (text.at(i) == '\n' && (i == 0 || text.at(i - 1) != '\r')))
            ++breaks;
    }
    return breaks;
}

// E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
inline bool isE164(const QString& phone, int maxDigits = 15)
{
    if (phone.size() < 3 || phone.size() > maxDigits + 1 || phone.at(0) != QLatin1Char('+')
        || phone.at(1) < QLatin1Char('1') || phone.at(1) > QLatin1Char('9'))
        return false;
    for (qsizetype i = 2; i < phone.size(); ++i) {
        if (phone.at(i) < QLatin1Char('0') || phone.at(i) > QLatin1Char('9'))
            return false;
    }
    return true;
}

} // namespace HandoffFuzz
