#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace ocop::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

int run(std::vector<std::string> args, int argc, char** argv);

} // namespace ocop::cli
