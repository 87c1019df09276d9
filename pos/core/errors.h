#pragma once
// Two kinds of failure, because callers treat them differently: a UserError is
// bad input that changed nothing (CLI exit 2, a message in the UI, HTTP 4xx);
// anything else derived from std::exception is a fault (exit 1).
#include <stdexcept>
#include <string>

namespace ocop {

class UserError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The database file is busy, locked by another process, full or corrupt.
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace ocop
