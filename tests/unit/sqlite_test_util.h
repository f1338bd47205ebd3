#pragma once
// A temporary database file for one test, removed with its journal files afterwards.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace stepwise::sqlite {

class TempDb {
public:
    TempDb() {
        std::string tmpl = "/tmp/stepwise_sqlite_XXXXXX";
        char* dir = ::mkdtemp(tmpl.data());
        dir_ = dir ? dir : "/tmp";
        path_ = dir_ + "/test.db";
    }
    ~TempDb() {
        for (const char* suffix : {"", "-journal", "-wal", "-shm"})
            std::remove((path_ + suffix).c_str());
        ::rmdir(dir_.c_str());
    }
    const std::string& path() const { return path_; }

private:
    std::string dir_;
    std::string path_;
};

} // namespace stepwise::sqlite
