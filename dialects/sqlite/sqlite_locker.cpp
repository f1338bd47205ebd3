#include "dialects/sqlite/sqlite_locker.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace stepwise::sqlite {

namespace {

class FileLock : public dialect::RunLock {
public:
    explicit FileLock(int fd) : fd_(fd) {}
    ~FileLock() override {
        // Emptied, not removed: a process that opened the file just before an unlink would
        // lock an orphaned inode while the next one locks a new file.
        if (ftruncate(fd_, 0) != 0) {
            // Nothing to do: the lock is released with the descriptor anyway.
        }
        ::close(fd_); // releases the flock
    }

private:
    int fd_;
};

class NoLock : public dialect::RunLock {};

std::string read_all(int fd) {
    std::string out;
    char buf[512];
    ssize_t n;
    off_t offset = 0;
    while ((n = ::pread(fd, buf, sizeof buf, offset)) > 0) {
        out.append(buf, static_cast<size_t>(n));
        offset += n;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\0'))
        out.pop_back();
    return out;
}

} // namespace

std::string lock_file_path(const std::string& database_path) {
    return database_path + ".stepwise-lock";
}

dialect::LockAttempt try_file_lock(const std::string& database_path, const std::string& owner) {
    dialect::LockAttempt attempt;
    if (database_path == ":memory:" || database_path.empty()) {
        attempt.lock = std::make_unique<NoLock>(); // private to this process anyway
        return attempt;
    }
    std::string path = lock_file_path(database_path);
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw dialect::DatabaseError("sqlite: cannot open the lock file '" + path +
                                     "': " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        std::string holder = read_all(fd);
        ::close(fd);
        if (err != EWOULDBLOCK)
            throw dialect::DatabaseError("sqlite: cannot lock '" + path +
                                         "': " + std::strerror(err));
        attempt.holder = holder.empty() ? "another process (it has not said who yet)" : holder;
        return attempt;
    }
    std::string text = owner + "\n";
    if (ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
        // The lock holds without the description; the next process just cannot name us.
    }
    attempt.lock = std::make_unique<FileLock>(fd);
    return attempt;
}

} // namespace stepwise::sqlite
