#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QString>
#include <QVector>

#include <algorithm>

#include <time.h>
#include <unistd.h>

namespace Handoff::Bench {

// CPU time of the whole process, every thread, in milliseconds: on a machine other
// work shares, a fairer measure of the work done than the wall clock.
inline double ownCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// The server process that works for the store last opened, when it runs on this
// machine (PostgreSQL's backend of that connection); 0 for none.
inline qint64& serverProcess()
{
    static qint64 pid = 0;
    return pid;
}

// CPU time of a process of this machine (user and system), in milliseconds; 0 when it
// cannot be read.
inline double otherProcessCpuMs(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    // The fields after the command name, which is in parentheses and may hold spaces.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    static const double tick = 1000.0 / double(sysconf(_SC_CLK_TCK));
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) * tick;
}

// This process's CPU time, and that of the server process working for it: on
// PostgreSQL most of the work is done there.
inline double processCpuMs()
{
    return ownCpuMs() + otherProcessCpuMs(serverProcess());
}

struct Timing
{
    double wallMs = 0;
    double cpuMs = 0;
};

// Wall-clock and CPU milliseconds of a stretch of work.
class Stopwatch
{
public:
    Stopwatch()
        : m_cpu(processCpuMs())
    {
        m_wall.start();
    }
    Timing stop() const { return {double(m_wall.nsecsElapsed()) / 1e6, processCpuMs() - m_cpu}; }

private:
    QElapsedTimer m_wall;
    double m_cpu = 0;
};

// Milliseconds of each run of one measurement: wall clock, and CPU time alongside.
struct Samples
{
    QVector<double> ms;
    QVector<double> cpu;

    void add(const Timing& t)
    {
        ms << t.wallMs;
        cpu << t.cpuMs;
    }
    double cpuMedian() const
    {
        if (cpu.isEmpty())
            return 0;
        QVector<double> sorted = cpu;
        std::sort(sorted.begin(), sorted.end());
        const int n = int(sorted.size());
        return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    bool isEmpty() const { return ms.isEmpty(); }
    double median() const
    {
        if (ms.isEmpty())
            return 0;
        QVector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const int n = int(sorted.size());
        return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
    double min() const { return ms.isEmpty() ? 0 : *std::min_element(ms.cbegin(), ms.cend()); }
    double max() const { return ms.isEmpty() ? 0 : *std::max_element(ms.cbegin(), ms.cend()); }
};

inline double elapsedMs(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// A line of /proc/self/status in kilobytes: VmRSS (resident now), VmHWM (peak).
inline qint64 procStatusKb(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace Handoff::Bench
