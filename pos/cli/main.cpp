// `ocop`: the terminal's command line for automation and support. Same core
// and store as the touch UI. Exit 0 on success, 2 on bad input (one line on
// stderr, nothing changed), 1 on any other failure.
#include "cli/commands.h"

#include "core/errors.h"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        return ocop::cli::run(args, argc, argv);
    } catch (const ocop::cli::UsageError& e) {
        std::fprintf(stderr, "ocop: %s\n", e.what());
        return 2;
    } catch (const ocop::UserError& e) {
        std::fprintf(stderr, "ocop: %s\n", e.what());
        return 2;
    } catch (const ocop::StorageError& e) {
        std::fprintf(stderr, "ocop: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ocop: internal error: %s\n", e.what());
        return 1;
    }
}
