#pragma once
// One sync agent per data directory: an advisory flock(2) on DATA/sync.lock,
// taken without waiting. The kernel drops it when the process dies, so a
// terminal killed mid-sync never leaves a stale lock behind.
#include <filesystem>
#include <string>

namespace ocop::sync {

class DataDirLock {
public:
    // Tries to take the lock; locked() says whether it did. Never blocks.
    explicit DataDirLock(const std::filesystem::path& dataDir);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

    bool locked() const { return m_fd >= 0 && m_locked; }
    // Why the lock was not taken ("another sync is running", or an I/O error).
    const std::string& error() const { return m_error; }

private:
    int m_fd = -1;
    bool m_locked = false;
    std::string m_error;
};

} // namespace ocop::sync
