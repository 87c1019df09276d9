#include "sync/agent/data_dir_lock.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace ocop::sync {

DataDirLock::DataDirLock(const std::filesystem::path& dataDir)
{
    const auto path = (dataDir / "sync.lock").string();
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        m_error = "cannot open " + path + ": " + std::strerror(errno);
        return;
    }
    if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0) {
        m_locked = true;
        return;
    }
    m_error = errno == EWOULDBLOCK ? "another sync is running for " + dataDir.string()
                                   : "cannot lock " + path + ": " + std::strerror(errno);
}

DataDirLock::~DataDirLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the flock
}

} // namespace ocop::sync
