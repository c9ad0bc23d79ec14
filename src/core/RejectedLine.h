#pragma once

#include <QString>

namespace Handoff {

// A line of an imported file that was left out, and why, so the user can fix the file.
struct RejectedLine
{
    int line = 0; // 1-based physical line number
    QString reason;
};

} // namespace Handoff
